import { Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  DEFAULT_EMERGENCY,
  emergencyNumbersFor,
  isFireRisk,
  appointmentTypes,
  cityDistricts,
  CreateWorkOrderBody,
  dayText,
  fieldUtilityLabels,
  fieldUtilityValues,
  isDangerWorkOrderType,
  problemOf,
  problemsByUtility,
  slotPartLabels,
  type AccountSummary,
  type CityDistrict,
  type FieldIssue,
  type FieldUtility,
  type ProblemCode,
  type SlotList,
} from '@bianmin/shared';
import { ActionButton } from '../../../components/ActionButton';
import { Page } from '../../../components/Page';
import { localPhotos, PhotoStrip } from '../../../components/PhotoStrip';
import { Choices, messageOf, Problem, TextField, TextLink } from '../../../billing';
import { plain } from '../../../lib/plain-words';
import { takePhotos } from '../../../lib/photos';
import { api, session } from '../../../services';
import { useSession } from '../../../store/SessionProvider';
import { EmergencyCall } from '../../../components/EmergencyCall';
import { OptionList } from '../parts';
import { newSubmitKey, openOrder, REPAIR } from '../repair';

const MAX_PHOTOS = 3;
const OTHER = 'other';

const issueOf = (issues: FieldIssue[] | null, field: string) =>
  issues?.find((i) => i.path === field || i.path === `body.${field}`)?.message ?? null;

function isUtility(value: string | undefined): value is FieldUtility {
  return (fieldUtilityValues as readonly string[]).includes(value ?? '');
}

/**
 * 报修 and 预约: what (electricity, water, gas), what is wrong as large choices, where (a bound
 * account, or a district and the door), optional words and up to three photos, the time of the
 * visit for 点火, 安检 and 报装, and the phone the field staff call. One primary action: submit.
 */
export default function RepairReportPage() {
  const params = useRouter().params;
  const { user, elderMode } = useSession();
  const [utility, setUtility] = useState<FieldUtility | null>(isUtility(params.utility) ? params.utility : null);
  const [problem, setProblem] = useState<ProblemCode | null>(null);
  const [accounts, setAccounts] = useState<AccountSummary[]>([]);
  const [chosenPlace, setPlace] = useState<string | null>(null);
  const [district, setDistrict] = useState<CityDistrict | null>(null);
  const [detail, setDetail] = useState('');
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Array<{ id: string; path: string }>>([]);
  const [loadedSlots, setSlots] = useState<SlotList | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  const [typedPhone, setPhone] = useState<string | null>(null);
  const phone = typedPhone ?? user?.phone ?? '';
  const [issues, setIssues] = useState<FieldIssue[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitKey = useRef(newSubmitKey());

  const chosen = problem ? problemOf(problem) : null;
  const appointment = chosen ? appointmentTypes.includes(chosen.type) : false;
  const mine = useMemo(() => accounts.filter((a) => a.utility === utility), [accounts, utility]);
  // one account of the utility: chosen for her
  const place = chosenPlace ?? (mine.length === 1 && mine[0] ? mine[0].id : null);
  const accountId = place && place !== OTHER ? place : undefined;
  const slots = appointment ? loadedSlots : null;

  useEffect(() => {
    api.call('listAccounts').then(
      (list) => setAccounts(list.accounts),
      () => setAccounts([]),
    );
  }, []);
  useEffect(() => {
    if (!problem || !appointment) return;
    const query = accountId ? { problem, accountId } : district ? { problem, district } : { problem };
    api.call('workOrderSlots', { query }).then(setSlots, () => setSlots(null));
  }, [problem, appointment, accountId, district]);

  const useAddress = place === OTHER || (place === null && mine.length === 0);
  const body = (): Record<string, unknown> => {
    const [day, part] = (slot ?? '').split('|');
    return {
      clientKey: submitKey.current,
      ...(problem ? { problem } : {}),
      ...(accountId ? { accountId } : {}),
      ...(useAddress ? { address: { district: district ?? '', detail } } : {}),
      ...(location ? { location } : {}),
      ...(description.trim() ? { description } : {}),
      ...(photos.length > 0 ? { photoIds: photos.map((p) => p.id) } : {}),
      ...(appointment && day && part ? { slot: { day, part } } : {}),
      ...(phone.trim() ? { phone } : {}),
    };
  };

  const submit = async () => {
    if (busy) return;
    const parsed = CreateWorkOrderBody.safeParse(body());
    if (!problem) {
      setIssues([{ path: 'problem', message: '请选一个问题' }]);
      return;
    }
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    setIssues(null);
    setFailure(null);
    setBusy(true);
    try {
      const { order } = await api.call('createWorkOrder', { body: parsed.data });
      openOrder(order.id, true);
    } catch (err) {
      setFailure(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const addPhotos = async () => {
    try {
      const added = await takePhotos(MAX_PHOTOS - photos.length, () => session.token());
      setPhotos((list) => [...list, ...added].slice(0, MAX_PHOTOS));
    } catch (err) {
      setFailure(messageOf(err));
    }
  };

  const locate = () => {
    Taro.getLocation({ type: 'gcj02' }).then(
      (res) => setLocation({ lat: res.latitude, lng: res.longitude }),
      () => setFailure('没有拿到位置，可以直接写地址。'),
    );
  };

  return (
    <Page className="repair" helpContext={{ page: REPAIR.report }}>
      <Text className="bm-heading">{appointment ? '预约上门' : '报修'}</Text>
      {chosen && isDangerWorkOrderType(chosen.type) ? (
        <EmergencyCall
          numbers={emergencyNumbersFor(DEFAULT_EMERGENCY, { fire: isFireRisk(chosen.code), utility })}
          fire={isFireRisk(chosen.code)}
          note="报修提交后，会最先安排。"
        />
      ) : null}

      <Text className="repair__label">哪一项出了问题？</Text>
      <Choices
        label="业务"
        options={fieldUtilityValues.map((value) => ({ value, text: fieldUtilityLabels[value] }))}
        value={utility}
        onChange={(next) => {
          setUtility(next);
          setProblem(null);
          setPlace(null);
        }}
      />

      {utility ? (
        <>
          <Text className="repair__label">遇到了什么问题？</Text>
          <OptionList
            label="遇到的问题"
            options={problemsByUtility[utility].map((p) => ({ value: p.code, text: p.label }))}
            value={problem}
            onChange={setProblem}
          />
          <Problem text={issueOf(issues, 'problem')} />
        </>
      ) : null}

      {problem ? (
        <>
          <Text className="repair__label">在哪里？</Text>
          <Text className="bm-note">选一个{plain('户号')}，或者填写地址。</Text>
          <OptionList
            label="地址"
            options={[
              ...mine.map((a) => ({ value: a.id, text: `户号 ${a.accountNo}`, hint: a.alias ?? a.address })),
              { value: OTHER, text: mine.length > 0 ? '其他地址' : '填写地址' },
            ]}
            value={place ?? (mine.length === 0 ? OTHER : null)}
            onChange={setPlace}
          />
          <Problem text={issueOf(issues, 'address')} />
          {useAddress ? (
            <>
              <Choices
                label="所在的区"
                options={cityDistricts.map((d) => ({ value: d, text: d }))}
                value={district}
                onChange={setDistrict}
              />
              <Problem text={issueOf(issues, 'address.district')} />
              <TextField
                label="小区和门牌号"
                value={detail}
                placeholder="例如：东华门街道 3 号楼 2 单元 501"
                maxlength={100}
                onChange={setDetail}
              />
              <Problem text={issueOf(issues, 'address.detail')} />
            </>
          ) : null}
          <TextLink onPress={locate}>{location ? '已附上我的位置' : '附上我的位置（师傅好找）'}</TextLink>
        </>
      ) : null}

      {problem && appointment ? (
        <>
          <Text className="repair__label">什么时候上门？</Text>
          <OptionList
            label="上门时间"
            options={(slots?.days ?? []).flatMap((d) =>
              d.parts
                .filter((p) => p.left > 0)
                .map((p) => ({
                  value: `${d.day}|${p.part}`,
                  text: `${dayText(d.day)} ${slotPartLabels[p.part]}`,
                  hint: `还可以约 ${p.left} 户`,
                })),
            )}
            value={slot}
            onChange={setSlot}
          />
          <Problem text={issueOf(issues, 'slot')} />
        </>
      ) : null}

      {problem ? (
        <>
          <Text className="repair__label">说明和照片（可以不填）</Text>
          {elderMode ? null : (
            <TextField
              label="说明"
              value={description}
              placeholder="说说看到的情况"
              maxlength={500}
              onChange={setDescription}
            />
          )}
          <PhotoStrip photos={localPhotos(photos)} label="照片" />
          {photos.length < MAX_PHOTOS ? (
            <ActionButton onPress={() => void addPhotos()}>{photos.length === 0 ? '拍照片' : '再拍一张'}</ActionButton>
          ) : null}

          <Text className="repair__label">师傅打哪个电话联系您？</Text>
          <TextField
            label="联系电话"
            type="number"
            value={phone}
            placeholder="11 位手机号"
            maxlength={11}
            onChange={setPhone}
          />
          <Problem text={issueOf(issues, 'phone')} />
          <Problem text={failure} />
          <ActionButton variant="primary" onPress={() => void submit()}>
            {busy ? '正在提交…' : appointment ? '确认预约' : '提交报修'}
          </ActionButton>
        </>
      ) : null}
      <TextLink onPress={() => void Taro.navigateTo({ url: REPAIR.list })}>我的报修记录</TextLink>
    </Page>
  );
}
