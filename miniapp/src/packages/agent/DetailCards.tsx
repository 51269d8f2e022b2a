import { Text, View } from '@tarojs/components';
import { auditText, noticeSentence, satisfactionLabels, timeText, type AgentHelpDetail } from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { roleProps } from '../../lib/a11y';
import { callbackTitle, inViewLines } from './words';
import { openMap } from '../../lib/location';
import { dial } from '../../lib/phone';

/** Where the resident was when she asked (she had allowed location), with the map one tap away. */
function PlaceLine({ place }: { place: NonNullable<AgentHelpDetail['location']> }) {
  return (
    <View className="agent-actions">
      <Text className="agent-card__line">
        居民所在位置：北纬 {place.lat.toFixed(4)}°，东经 {place.lng.toFixed(4)}°
      </Text>
      <ActionButton variant="secondary" onPress={() => openMap(place, '居民求助时的位置')}>
        在地图上看
      </ActionButton>
    </View>
  );
}

/** The resident, masked, and what she had in view when she asked, in words. */
export function ResidentCard({ detail }: { detail: AgentHelpDetail }) {
  return (
    <View className="agent-card">
      <Text className="agent-card__title">居民</Text>
      <Text className="agent-card__line">
        {detail.resident.name}
        {detail.resident.phone ? ` · ${detail.resident.phone}` : ''}
        {detail.resident.elderMode ? ' · 长辈模式' : ''}
        {detail.district ? ` · ${detail.district}` : ''}
      </Text>
      {inViewLines(detail).map((line) => (
        <Text key={line} className="agent-card__line">
          {line}
        </Text>
      ))}
      {detail.text ? <Text className="agent-card__line">居民写的：{detail.text}</Text> : null}
      {detail.location ? <PlaceLine place={detail.location} /> : null}
      {detail.notice ? (
        <Text className="agent-card__line agent-card__notice" {...roleProps('note')}>
          当地通知：{noticeSentence(detail.notice)}居民的求助页也显示了这条通知。
        </Text>
      ) : null}
    </View>
  );
}

/**
 * The call-back task. With a number: dial it, then record 已接通 / 没接通. Without one there is
 * nobody to call: no call buttons; the resident was asked on her help page to leave a number
 * (the agent can ask again), and the task shows the number as soon as she leaves it.
 */
export function CallbackCard(props: {
  callback: NonNullable<AgentHelpDetail['callback']>;
  mine: boolean;
  onCall: (reached: boolean) => void;
  onAskPhone: () => void;
}) {
  const { callback, mine } = props;
  const phone = callback.phone;
  return (
    <View className="agent-card agent-card--callback" {...roleProps('region')} aria-label="回电任务">
      <Text className="agent-card__title">{callbackTitle(callback)}</Text>
      {phone ? (
        <>
          <ActionButton onPress={() => dial(phone)}>拨打 {phone}</ActionButton>
          {mine ? (
            <View className="agent-actions">
              <ActionButton onPress={() => props.onCall(true)}>已接通</ActionButton>
              <ActionButton onPress={() => props.onCall(false)}>没接通</ActionButton>
            </View>
          ) : null}
        </>
      ) : (
        <>
          <Text className="agent-card__line">已请居民在求助页留下手机号，她留了这里会马上显示。</Text>
          {mine ? <ActionButton onPress={props.onAskPhone}>再请居民留电话</ActionButton> : null}
        </>
      )}
    </View>
  );
}

/** The resolution and the resident's survey answer, once resolved. */
export function ResultCard({ detail }: { detail: AgentHelpDetail }) {
  if (!detail.resolutionSummary) return null;
  const s = detail.survey;
  return (
    <View className="agent-card">
      <Text className="agent-card__title">处理结果</Text>
      <Text className="agent-card__line">{detail.resolutionSummary}</Text>
      <Text className="agent-card__line">
        {s.answered && s.satisfaction
          ? `居民评价：${satisfactionLabels[s.satisfaction]}，${s.onTime ? '准时' : '不准时'}${s.suggestion ? `，建议：${s.suggestion}` : ''}`
          : '居民还没有评价'}
      </Text>
    </View>
  );
}

/** The request's record, newest last, every entry in words (shared `auditText`). */
export function AuditCard({ detail }: { detail: AgentHelpDetail }) {
  if (detail.audit.length === 0) return null;
  return (
    <View className="agent-card" {...roleProps('region')} aria-label="处理记录">
      <Text className="agent-card__title">处理记录</Text>
      {detail.audit.slice(-12).map((a, i) => (
        <Text key={`${a.at}-${i}`} className="agent-card__line">
          {timeText(a.at)} {auditText(a)}
        </Text>
      ))}
    </View>
  );
}
