import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import {
  isFireRisk,
  satisfactionLabels,
  satisfactionValues,
  workOrderTypeLabels,
  type Satisfaction,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { EmergencyCall } from '../../../components/EmergencyCall';
import { Page } from '../../../components/Page';
import { SubscribeAsk } from '../../../components/SubscribeAsk';
import { Choices, Problem } from '../../../billing';
import { roleProps } from '../../../lib/a11y';
import { session } from '../../../services';
import { PhotoStrip, storedPhotos } from '../../../components/PhotoStrip';
import { dial } from '../../../lib/phone';
import { Timeline } from '../parts';
import { problemText, REPAIR } from '../repair';
import { useOrder } from './useOrder';

const ID = /^[0-9a-f]{24}$/i;

/**
 * The timeline of one order, live: 已受理 → 已派给东城供电所 → 张师傅已接单（电话 138****5678）→
 * 已到达 → 已完成 → 请评价. The member's number is a big call button once she accepted; the
 * emergency numbers come first for danger types; rating is three large choices, one tap.
 */
export default function RepairOrderPage() {
  const { id } = useRouter().params;
  const { order, problem, missing, live, rate } = useOrder(id && ID.test(id) ? id : null);
  const [ratingProblem, setRatingProblem] = useState<string | null>(null);
  const token = session.token();

  if (missing || !id || !ID.test(id)) {
    return (
      <Page className="repair" helpContext={{ page: REPAIR.order }}>
        <Text className="bm-heading">报修进度</Text>
        <Text className="bm-text">没有找到这张报修单。</Text>
      </Page>
    );
  }
  if (!order) {
    return (
      <Page className="repair" helpContext={{ page: REPAIR.order }}>
        <Text className="bm-heading">报修进度</Text>
        <Text className="bm-text">{problem ?? '正在打开…'}</Text>
      </Page>
    );
  }

  const finished = order.status === 'closed' || order.status === 'cancelled';
  // the danger is over once the work is done: the emergency numbers give way to the result
  const fixed = finished || order.status === 'completed' || order.status === 'checked';
  const askRating = order.rating.state === 'open';
  const callWorker = order.worker?.phone ?? null;

  return (
    <Page className="repair" helpContext={{ page: REPAIR.order }}>
      {order.danger && !fixed ? (
        <EmergencyCall
          numbers={order.emergencyNumbers}
          fire={isFireRisk(order.problem)}
          note="您的报修也已经发出，会最先安排。"
        />
      ) : null}
      <View className="repair__status" {...roleProps('status')} aria-live="polite">
        <Text className="repair__headline">{order.statusText}</Text>
        <Text className="bm-text">
          {workOrderTypeLabels[order.type]}：{problemText(order, order.description ?? '')}
        </Text>
        {order.unit ? <Text className="bm-note">处理单位：{order.unit.name}</Text> : null}
        <Text className="bm-note">单号 {order.no}</Text>
      </View>
      {fixed ? null : <SubscribeAsk reasons={['workOrderStep']} label="进度有变化，微信提醒我" />}

      {askRating ? (
        <View className="repair__card">
          <Text className="repair__card-title">修好了吗？请您评价</Text>
          <Choices
            label="评价"
            options={satisfactionValues.map((value) => ({ value, text: satisfactionLabels[value] }))}
            value={null}
            onChange={(satisfaction: Satisfaction) => {
              void rate({ satisfaction }).then(setRatingProblem);
            }}
          />
          <Problem text={ratingProblem} />
        </View>
      ) : null}
      {order.notice ? (
        <View className="repair__notice">
          <Text className="repair__card-title">{order.notice.title}</Text>
          <Text className="bm-text">{order.notice.description}</Text>
          <Text className="bm-text">{order.notice.whenText}</Text>
        </View>
      ) : null}

      {order.worker && !finished ? (
        <View className="repair__card">
          <Text className="repair__card-title">{order.worker.name}</Text>
          {order.worker.phoneMasked ? <Text className="bm-note">电话 {order.worker.phoneMasked}</Text> : null}
          {callWorker ? (
            <ActionButton variant={askRating ? 'secondary' : 'primary'} onPress={() => dial(callWorker)}>
              打电话给{order.worker.name}
            </ActionButton>
          ) : (
            <Text className="bm-note">师傅接单后，这里可以直接打电话给他。</Text>
          )}
        </View>
      ) : null}

      {order.rating.state === 'answered' ? <Text className="bm-text">谢谢您的评价！</Text> : null}

      <Text className="repair__label">处理进度</Text>
      <Timeline entries={order.timeline} token={token} />
      {order.photos.length > 0 ? (
        <>
          <Text className="bm-note">您拍的照片</Text>
          <PhotoStrip photos={storedPhotos(order.photos, token)} label="报修照片" />
        </>
      ) : null}
      <Text className="bm-note">地址：{order.address}</Text>
      {live === 'reconnecting' && !finished ? <Text className="bm-note">网络不稳，正在重新连接…</Text> : null}
    </Page>
  );
}
