import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import {
  DEFAULT_EMERGENCY,
  emergencyNumbersFor,
  helpStatusLabels,
  isDangerCategory,
  isFireRisk,
  openHelpStatuses,
  type HelpCategory,
} from '@bianmin/shared';
import { EmergencyCall } from '../../components/EmergencyCall';
import { Page } from '../../components/Page';
import { SubscribeAsk } from '../../components/SubscribeAsk';
import { roleProps } from '../../lib/a11y';
import { useIntoView } from '../../lib/into-view';
import { useSession } from '../../store/SessionProvider';
import { contextFromQuery, queueText, waitText } from './context';
import {
  CallbackBox,
  CancelBox,
  Conversation,
  FailedCard,
  KeptCard,
  NoAgentCard,
  NoticeCard,
  OrderCard,
  ReasonChips,
  SurveyCard,
  TextBox,
} from './sections';
import { useHelp, type HelpSource } from './useHelp';
import { VoiceButton } from './VoiceButton';
import './index.scss';

const ID = /^[0-9a-f]{24}$/i;
/** The status card's element id: scrolled to on resolution, with the survey right under it. */
const STATUS_ID = 'help-status';

/**
 * 一键求助. Opened by the help button, it makes the request at once, with nothing typed (the
 * context the button carried goes with it), and says straight away that a person is coming; the
 * queue, optional reasons, a few words and 「请给我回电话」 follow. For 燃气异味 and other danger
 * the emergency numbers come first. Once an agent answers it is the live conversation, and after
 * resolution the survey, first and in view. Opened with `?id=` (from 我的求助) it shows that
 * request instead. Without network the page still opens (it is in the H5 main bundle), says so,
 * offers the hotline and keeps the tap and any words to send when the network returns. With no
 * agent online it says so rather than promise a wait. While nobody has answered, the resident
 * can take it back.
 */
export default function HelpPage() {
  const params = useRouter().params;
  const [source] = useState<HelpSource>(() => {
    const id = params.id;
    return id && ID.test(id) ? { kind: 'open', id } : { kind: 'create', context: contextFromQuery(params) };
  });
  const { elderMode, user } = useSession();
  const help = useHelp(source);
  const [chosen, setChosen] = useState<HelpCategory | null>(null);
  const [reasonProblem, setReasonProblem] = useState<string | null>(null);
  const h = help.help;

  const category = chosen ?? h?.category ?? null;
  const danger = Boolean(h?.danger) || isDangerCategory(category);
  const fire = isFireRisk(category);
  // before the server's list arrives (or offline): the default lines for what she chose
  const numbers =
    h && h.emergencyNumbers.length > 0
      ? h.emergencyNumbers
      : emergencyNumbersFor(DEFAULT_EMERGENCY, { fire, utility: fire ? 'gas' : null });
  const open = h !== null && openHelpStatuses.includes(h.status);
  const kept = help.phase === 'kept';
  // a conversation once someone other than the resident has written (her own words kept while
  // offline do not make it one)
  const chatting = h !== null && (h.agent !== null || h.messages.some((m) => m.from !== 'resident'));
  const surveyPending = h?.survey.state === 'pending';
  const nobodyThere = h !== null && h.status === 'waiting' && h.agentsOnline === 0;

  // resolved: the result and, right under it, the survey come into view, wherever the resident
  // had scrolled to (the survey is placed right after the status for that)
  useIntoView(STATUS_ID, surveyPending);

  const choose = async (next: HelpCategory) => {
    setChosen(next);
    setReasonProblem(await help.chooseReason(next));
  };

  const callback = h ? (
    <CallbackBox
      phone={h.callback.phone ?? user?.phone ?? ''}
      requested={h.callback.requested}
      primary={(!chatting || nobodyThere) && !danger}
      onRequest={help.requestCallback}
    />
  ) : null;

  // 按住说话: in elder mode the first choice, right before the quick reasons; else beside the words
  const voice = (h && open) || kept ? <VoiceButton onSend={help.sendVoice} /> : null;
  const voiceFirst = elderMode && !chatting;

  const notice = h?.notice && open ? <NoticeCard notice={h.notice} /> : null;
  const noticeFirst = category !== 'gas_smell';

  return (
    <Page isHelpPage className="help">
      {/* an outage already known: what is known comes before anything else; a gas smell keeps the emergency first */}
      {notice && noticeFirst ? notice : null}
      {danger && (open || (help.phase !== 'ready' && help.phase !== 'dropped')) ? (
        <EmergencyCall numbers={numbers} fire={fire} note="您的求助也已经发出，客服会最先处理。" />
      ) : null}

      {help.phase === 'failed' ? (
        <FailedCard message={help.error?.message ?? '网络不太好。'} onRetry={help.retry} />
      ) : kept ? (
        <KeptCard offline={!help.online} onRetry={help.retry} />
      ) : (
        <View id={STATUS_ID} className="help__status" {...roleProps('status')} aria-live="polite">
          <Text className="help__title">{nobodyThere ? '现在没有客服在线' : headline(help.phase, h)}</Text>
          {help.notice ? <Text className="bm-text">{help.notice}</Text> : null}
          {h && open && !h.agent && !nobodyThere ? (
            <>
              {queueText(h) ? <Text className="help__queue">{queueText(h)}</Text> : null}
              {waitText(h.expectedWaitSeconds) ? (
                <Text className="bm-text">预计等待{waitText(h.expectedWaitSeconds)}</Text>
              ) : null}
              <Text className="bm-note">不用一直看着屏幕，客服接通后这里会显示消息。</Text>
            </>
          ) : null}
          {nobodyThere ? <NoAgentCard /> : null}
          {h?.cancelledAt ? <Text className="bm-text">需要帮助时，再点一次「一键求助」。</Text> : null}
          {h && !open && !h.cancelledAt && h.status !== 'resolved' ? (
            <Text className="bm-note">{helpStatusLabels[h.status]}</Text>
          ) : null}
          {h?.resolutionSummary ? <Text className="bm-text">处理结果：{h.resolutionSummary}</Text> : null}
          {help.phase === 'creating' ? <Text className="bm-text">请稍等，马上就好。</Text> : null}
          {help.phase === 'missing' ? <Text className="bm-text">没有找到这条求助。</Text> : null}
          {help.phase === 'dropped' ? (
            <Text className="bm-text">求助没有发出去，客服不会打扰您。需要帮助时，再点一次「一键求助」。</Text>
          ) : null}
        </View>
      )}
      {/* waiting for a person: she may leave and be told in WeChat when one answers */}
      {h && open && !h.agent && !nobodyThere ? (
        <SubscribeAsk reasons={['helpAnswered']} label="客服回复时，微信提醒我" />
      ) : null}

      {notice && !noticeFirst ? notice : null}
      {/* with nobody online the call-back is what works: on the first screen, under the status */}
      {nobodyThere ? callback : null}
      {help.order ? <OrderCard order={help.order} /> : null}

      {h && surveyPending ? <SurveyCard onAnswer={help.answerSurvey} /> : null}
      {h?.survey.state === 'answered' ? <Text className="bm-text">谢谢您的评价！</Text> : null}

      {voiceFirst ? voice : null}
      {h && open && !chatting && help.online ? (
        <ReasonChips selected={category} onChoose={(c) => void choose(c)} />
      ) : null}
      {reasonProblem ? (
        <Text className="help__problem" {...roleProps('alert')}>
          {reasonProblem}
        </Text>
      ) : null}
      {h?.text && !chatting ? <Text className="bm-note">您写的：{h.text}</Text> : null}

      <Conversation messages={h?.messages ?? []} pending={help.pending} voiceSrc={help.voiceSrc} />
      {help.problem ? (
        <Text className="help__problem" {...roleProps('alert')}>
          {help.problem}
        </Text>
      ) : null}

      {(h && open && (chatting || !elderMode || !help.online)) || kept ? (
        <TextBox
          label={chatting ? '回复客服' : '说说遇到的问题'}
          placeholder={chatting ? '写下您想说的' : kept ? '可以不写，网络恢复后一起发出' : '可以不写，写几个字也行'}
          button={chatting ? '发送' : '告诉客服'}
          primary={chatting && !danger && !nobodyThere}
          onSend={help.sendText}
        />
      ) : null}
      {voiceFirst ? null : voice}

      {open && !nobodyThere ? callback : null}

      {(h?.cancellable && open) || kept ? <CancelBox onCancel={help.cancel} /> : null}
      {help.live === 'reconnecting' && open && help.online ? (
        <Text className="bm-note">网络不稳，正在重新连接…</Text>
      ) : null}
    </Page>
  );
}

function headline(phase: string, h: ReturnType<typeof useHelp>['help']): string {
  if (phase === 'missing' || phase === 'dropped') return phase === 'dropped' ? '好的，求助已取消' : '一键求助';
  if (!h) return '正在为您接通人工客服';
  if (h.cancelledAt) return '好的，求助已取消';
  switch (h.status) {
    case 'waiting':
      return '正在为您接通人工客服';
    case 'waiting_on_resident':
      return '客服在等您回复';
    case 'resolved':
      return '问题已解决';
    case 'closed':
      return '这次求助已结束';
    default:
      // the agent is named only while she is really there (BFF agents/presence.ts)
      if (h.agentAway) return '客服暂时离开，马上回来';
      return h.agent ? `客服${h.agent.displayName}正在为您服务` : '正在为您接通人工客服';
  }
}
