import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  addDays,
  beijingDay,
  beijingMidnight,
  dayTimeText,
  repairCauseLabels,
  repairCauseValues,
  WorkOrderStaffEvent,
  workOrderStatusLabels,
  type FieldMe,
  type RepairCause,
  type StaffWorkOrder,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { Choices, messageOf, Problem, TextField } from '../../../billing';
import { roleProps } from '../../../lib/a11y';
import { openMap } from '../../../lib/location';
import { takePhotos } from '../../../lib/photos';
import { localPhotos, PhotoStrip, storedPhotos } from '../../../components/PhotoStrip';
import {
  dueText,
  fieldApi,
  fieldSession,
  nextStep,
  offsetOf,
  orderTitle,
  useFieldEvents,
  useServerNow,
  useStaff,
} from '../field';
import '../field.scss';
import { dial } from '../../../lib/phone';

const ID = /^[0-9a-f]{24}$/i;
const MAX_PHOTOS = 6;
type Panel = 'none' | 'report' | 'unable' | 'return' | 'assign';

/** Quick choices of the new time for 无法完成: tomorrow and the day after, morning or afternoon. */
function newTimes(now: number): Array<{ value: string; text: string }> {
  const today = beijingDay(now);
  return [1, 2].flatMap((d) => {
    const day = addDays(today, d);
    const midnight = beijingMidnight(day).getTime();
    return [
      { value: new Date(midnight + 9 * 3600_000).toISOString(), text: `${d === 1 ? '明天' : '后天'}上午` },
      { value: new Date(midnight + 14 * 3600_000).toISOString(), text: `${d === 1 ? '明天' : '后天'}下午` },
    ];
  });
}

/** Opens the map at the resident's place (a browser opens Amap's page: no WeChat there). */
function navigate(order: StaffWorkOrder): void {
  const { location, address } = order;
  if (!location) {
    void Taro.setClipboardData({ data: address });
    return;
  }
  openMap(location, address);
}

/**
 * One order in the field: who and where (打电话, 导航), the next step as one big button, the 回单
 * with the camera, 无法完成 and 退单 with their reasons; the coordinator assigns it to a member.
 */
export default function FieldOrderPage() {
  const staff = useStaff();
  const { id } = useRouter().params;
  const [order, setOrder] = useState<StaffWorkOrder | null>(null);
  const [me, setMe] = useState<FieldMe | null>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offset, setOffset] = useState(0);
  const now = useServerNow(offset);
  // 回单, 无法完成, 退单
  const [summary, setSummary] = useState('');
  const [cause, setCause] = useState<RepairCause | null>(null);
  const [notes, setNotes] = useState('');
  const [photos, setPhotos] = useState<Array<{ id: string; path: string }>>([]);
  const [reason, setReason] = useState('');
  const [newTime, setNewTime] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!id || !ID.test(id)) return;
    try {
      setOrder(await fieldApi.call('getFieldOrder', { params: { id } }));
      setProblem(null);
    } catch (err) {
      setProblem(messageOf(err));
    }
  }, [id]);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    if (!staff) return;
    void loadRef.current();
    fieldApi.call('getFieldMe').then(setMe, () => setMe(null));
    fieldApi.call('listFieldOrders', { query: { scope: 'mine' } }).then(
      (list) => setOffset(offsetOf(list.serverTime)),
      () => undefined,
    );
  }, [staff, id]);
  useFieldEvents((data) => {
    const parsed = WorkOrderStaffEvent.safeParse(data);
    if (parsed.success && parsed.data.order.id === id) void load();
  }, load);

  const act = async (run: () => Promise<StaffWorkOrder>) => {
    if (busy) return;
    setBusy(true);
    try {
      setOrder(await run());
      setPanel('none');
      setProblem(null);
    } catch (err) {
      setProblem(messageOf(err));
      void load();
    } finally {
      setBusy(false);
    }
  };

  if (!staff) return <Page staff className="field" />;
  if (!order) {
    return (
      <Page staff className="field">
        <Text className="bm-heading">工单详情</Text>
        <Text className="bm-text">{problem ?? '正在打开…'}</Text>
      </Page>
    );
  }

  const orderId = order.id;
  const next = nextStep(order, staff.id);
  const mine = order.assignee?.id === staff.id;
  const coordinator = staff.role === 'coordinator';
  const open = !['completed', 'checked', 'closed', 'cancelled', 'returned'].includes(order.status);
  const due = dueText(order, now);
  const press = () => {
    if (!next) return;
    if (next.step === 'report') setPanel('report');
    else if (next.step === 'accept') void act(() => fieldApi.call('acceptFieldOrder', { params: { id: orderId } }));
    else {
      const step = next.step;
      void act(() => fieldApi.call('progressFieldOrder', { params: { id: orderId }, body: { step } }));
    }
  };
  const submitReport = () => {
    if (!cause || summary.trim().length < 2) {
      setProblem(!cause ? '请选一个原因' : '请写明做了什么');
      return;
    }
    void act(() =>
      fieldApi.call('completeFieldOrder', {
        params: { id: orderId },
        body: {
          summary,
          cause,
          ...(notes.trim() ? { notes } : {}),
          ...(photos.length > 0 ? { photoIds: photos.map((p) => p.id) } : {}),
        },
      }),
    );
  };
  const addPhotos = async () => {
    try {
      const added = await takePhotos(MAX_PHOTOS - photos.length, () => fieldSession.token());
      setPhotos((list) => [...list, ...added].slice(0, MAX_PHOTOS));
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  const token = fieldSession.token();
  const phone = order.resident.phone;

  return (
    <Page staff className="field">
      <View className="field__status" {...roleProps('status')} aria-live="polite">
        <Text className="field__status-text">{workOrderStatusLabels[order.status]}</Text>
        <Text className="field__title">{orderTitle(order)}</Text>
        {due ? <Text className="field__due">{due}</Text> : null}
        <Text className="bm-note">单号 {order.no}</Text>
      </View>

      <Text className="field__line">{order.address}</Text>
      <Text className="field__line">
        {order.resident.name} {phone ?? order.resident.phoneMasked ?? ''}
      </Text>
      <View className="field__pair">
        {phone ? (
          <ActionButton label={`打电话给居民 ${phone}`} onPress={() => dial(phone)}>
            打电话
          </ActionButton>
        ) : null}
        <ActionButton onPress={() => navigate(order)}>{order.location ? '导航' : '复制地址'}</ActionButton>
      </View>
      {order.description ? <Text className="field__line">居民说：{order.description}</Text> : null}
      <PhotoStrip photos={storedPhotos(order.photos, token)} label="居民照片" />
      {order.slot ? <Text className="field__line">预约：{order.slot.text}</Text> : null}
      {order.lastCheck && !order.lastCheck.accepted ? (
        <Text className="field__line">对单退回：{order.lastCheck.reason}</Text>
      ) : null}
      {order.unable ? (
        <Text className="field__line">
          改约 {dayTimeText(order.unable.newTime)}：{order.unable.reason}
        </Text>
      ) : null}

      <Problem text={problem} />
      {next && panel === 'none' ? (
        <ActionButton variant="primary" onPress={press}>
          {busy ? '请稍等…' : next.label}
        </ActionButton>
      ) : null}
      {order.status === 'completed' ? <Text className="bm-text">回单已提交，等待核对。</Text> : null}

      {panel === 'report' ? (
        <View className="field__panel">
          <Text className="field__title">回单</Text>
          <Text className="field__label">做了什么</Text>
          <TextField
            label="做了什么"
            value={summary}
            placeholder="例如：更换了烧坏的保险"
            maxlength={500}
            onChange={setSummary}
          />
          <Text className="field__label">原因</Text>
          <Choices
            label="原因"
            options={repairCauseValues.map((value) => ({ value, text: repairCauseLabels[value] }))}
            value={cause}
            onChange={setCause}
          />
          <Text className="field__label">备注（可不填）</Text>
          <TextField label="备注" value={notes} placeholder="需要说明的情况" maxlength={500} onChange={setNotes} />
          <PhotoStrip photos={localPhotos(photos)} label="回单照片" />
          {photos.length < MAX_PHOTOS ? (
            <ActionButton onPress={() => void addPhotos()}>
              {photos.length === 0 ? '拍现场照片' : '再拍一张'}
            </ActionButton>
          ) : null}
          <ActionButton variant="primary" onPress={submitReport}>
            {busy ? '正在提交…' : '提交回单'}
          </ActionButton>
          <ActionButton onPress={() => setPanel('none')}>返回</ActionButton>
        </View>
      ) : null}

      {panel === 'unable' || panel === 'return' ? (
        <View className="field__panel">
          <Text className="field__title">{panel === 'unable' ? '无法完成' : '退单给派单员'}</Text>
          <Text className="field__label">原因</Text>
          <TextField
            label="原因"
            value={reason}
            placeholder={panel === 'unable' ? '例如：缺少配件' : '例如：不是本单位负责的区域'}
            maxlength={200}
            onChange={setReason}
          />
          {panel === 'unable' ? (
            <>
              <Text className="field__label">和居民约好的新时间</Text>
              <Choices label="新时间" options={newTimes(now)} value={newTime} onChange={setNewTime} />
            </>
          ) : null}
          <ActionButton
            variant="primary"
            onPress={() => {
              if (reason.trim().length < 2) {
                setProblem('请写明原因');
                return;
              }
              if (panel === 'unable') {
                if (!newTime) {
                  setProblem('请选新的上门时间');
                  return;
                }
                void act(() =>
                  fieldApi.call('unableFieldOrder', { params: { id: orderId }, body: { reason, newTime } }),
                );
              } else void act(() => fieldApi.call('returnFieldOrder', { params: { id: orderId }, body: { reason } }));
            }}
          >
            确定
          </ActionButton>
          <ActionButton onPress={() => setPanel('none')}>返回</ActionButton>
        </View>
      ) : null}

      {panel === 'assign' && me?.unit ? (
        <View className="field__panel">
          <Text className="field__title">指派给</Text>
          {me.unit.members
            .filter((m) => m.role !== 'grid')
            .map((m) => (
              <ActionButton
                key={m.id}
                onPress={() =>
                  void act(() =>
                    fieldApi.call('assignFieldOrder', { params: { id: orderId }, body: { memberId: m.id } }),
                  )
                }
              >
                {m.name}
              </ActionButton>
            ))}
          <ActionButton onPress={() => setPanel('none')}>返回</ActionButton>
        </View>
      ) : null}

      {open && panel === 'none' ? (
        <View className="bm-stack">
          {mine && order.status !== 'dispatched' && order.status !== 'assigned' ? (
            <ActionButton onPress={() => setPanel('unable')}>无法完成</ActionButton>
          ) : null}
          {coordinator ? <ActionButton onPress={() => setPanel('assign')}>指派</ActionButton> : null}
          {mine || coordinator || order.status === 'dispatched' ? (
            <ActionButton onPress={() => setPanel('return')}>退单</ActionButton>
          ) : null}
        </View>
      ) : null}

      <Text className="field__label">处理记录</Text>
      {order.steps.map((s) => (
        <Text key={s.n} className="field__step">
          {dayTimeText(s.at)} {s.text}
        </Text>
      ))}
    </Page>
  );
}
