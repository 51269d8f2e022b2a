import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { outletFacilityLabels, outletServiceLabels, type OutletDetail } from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { roleProps } from '../../../lib/a11y';
import { openMap } from '../../../lib/location';
import { api } from '../../../services';
import './index.scss';
import { dial } from '../../../lib/phone';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; outlet: OutletDetail };

/** Opens the map at the outlet; in a browser without WeChat, Amap's web page (GCJ-02 as well). */
function navigate(outlet: OutletDetail): void {
  openMap(outlet.location, outlet.name, outlet.address);
}

/**
 * 网点详情: today's state first, then the one main action (navigate), the phone, the week's hours
 * with today marked, coming holiday arrangements, services and facilities. The help button carries
 * the outlet.
 */
export default function OutletDetailPage() {
  const id = useRouter().params.id ?? '';
  const [attempt, setAttempt] = useState(0);
  const request = `${id}#${attempt}`;
  const [answer, setAnswer] = useState<{ request: string; load: Load } | null>(null);
  const load: Load = answer?.request === request ? answer.load : { status: 'loading' };

  useEffect(() => {
    let live = true;
    const key = `${id}#${attempt}`;
    api.call('getOutlet', { params: { id } }).then(
      (outlet) => {
        if (live) setAnswer({ request: key, load: { status: 'done', outlet } });
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : '网点信息没有取到。';
        if (live) setAnswer({ request: key, load: { status: 'error', message } });
      },
    );
    return () => {
      live = false;
    };
  }, [id, attempt]);

  const helpContext = /^[0-9a-f]{24}$/i.test(id) ? { outletId: id } : undefined;
  if (load.status !== 'done') {
    return (
      <Page helpContext={helpContext}>
        <Text className="bm-heading">网点详情</Text>
        {load.status === 'loading' ? <Text className="bm-text">正在打开…</Text> : null}
        {load.status === 'error' ? (
          <View className="bm-stack">
            <Text className="bm-text">{load.message}</Text>
            <ActionButton onPress={() => setAttempt((n) => n + 1)}>再试一次</ActionButton>
          </View>
        ) : null}
      </Page>
    );
  }

  const { outlet } = load;
  const call = () => dial(outlet.phone);
  return (
    <Page className="outlet-detail" helpContext={helpContext}>
      <Text className="bm-heading">{outlet.name}</Text>
      {outlet.demo ? <Text className="outlet-detail__demo">演示数据</Text> : null}

      <View className={`outlet-detail__today outlet-detail__today--${outlet.open.openNow ? 'open' : 'closed'}`}>
        <Text className="outlet-detail__state">{outlet.open.openNow ? '现在营业中' : '现在休息'}</Text>
        <Text className="bm-text">{outlet.open.hint}</Text>
        {outlet.open.todayNote ? <Text className="bm-text">今天{outlet.open.todayNote}</Text> : null}
        {outlet.queueLength !== null ? <Text className="bm-note">现在排队约 {outlet.queueLength} 人</Text> : null}
      </View>

      <Text className="bm-text">{outlet.address}</Text>
      <View className="bm-stack">
        <ActionButton variant="primary" onPress={() => navigate(outlet)} label={`导航去这里：${outlet.name}`}>
          导航去这里
        </ActionButton>
        <ActionButton onPress={call} label={`打电话 ${outlet.phone}`}>
          打电话 {outlet.phone}
        </ActionButton>
      </View>

      <Text className="bm-section-title">营业时间</Text>
      <View className="bm-card outlet-detail__hours" {...roleProps('table')} aria-label="一周营业时间">
        {outlet.week.map((day) => (
          <View
            key={day.weekday}
            className={`outlet-detail__day${day.weekday === outlet.today ? ' outlet-detail__day--today' : ''}`}
            {...roleProps('row')}
            aria-current={day.weekday === outlet.today ? 'date' : undefined}
          >
            <Text className="outlet-detail__day-label" {...roleProps('cell')}>
              {day.weekday === outlet.today ? `${day.label}（今天）` : day.label}
            </Text>
            <Text className="outlet-detail__day-text" {...roleProps('cell')}>
              {day.text}
            </Text>
          </View>
        ))}
      </View>

      {outlet.exceptions.length > 0 ? (
        <>
          <Text className="bm-section-title">节假日安排</Text>
          <View className="bm-card">
            {outlet.exceptions.slice(0, 10).map((e) => (
              <Text key={e.date} className="bm-text">
                {Number(e.date.slice(5, 7))}月{Number(e.date.slice(8, 10))}日：{e.note || '特别安排'}，{e.text}
              </Text>
            ))}
          </View>
        </>
      ) : null}

      <Text className="bm-section-title">可以办理</Text>
      <Text className="bm-text">{outlet.services.map((s) => outletServiceLabels[s]).join('、')}</Text>
      {outlet.facilities.length > 0 ? (
        <>
          <Text className="bm-section-title">便民设施</Text>
          <Text className="bm-text">{outlet.facilities.map((f) => outletFacilityLabels[f]).join('、')}</Text>
        </>
      ) : null}
      <Text className="bm-note">营业时间以网点当天公告为准。本页为演示数据。</Text>
    </Page>
  );
}
