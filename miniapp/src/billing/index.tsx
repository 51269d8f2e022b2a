import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  dayText,
  formatYuanSign,
  periodText,
  toChineseCapital,
  utilityLabels,
  utilityValues,
  type AccountSummary,
  type Utility,
} from '@bianmin/shared';
import { ApiError } from '../api/client';
import { keyboardPressProps, roleProps } from '../lib/a11y';
import { inputValue } from '../lib/input';
import { plain } from '../lib/plain-words';
import './billing.scss';

/** Pages of the pay subpackage. */
export const PAY = {
  bind: '/packages/pay/bind/index',
  bills: '/packages/pay/bills/index',
  confirm: '/packages/pay/confirm/index',
  result: '/packages/pay/result/index',
  history: '/packages/pay/history/index',
  receipt: '/packages/pay/receipt/index',
  payer: '/packages/pay/payer/index',
  family: '/packages/pay/family/index',
  topUp: '/packages/pay/topup/index',
} as const;

/** A page URL with its query: `payUrl(PAY.bills, { accountId })`. */
export function payUrl(page: string, query: Record<string, string | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length > 0 ? `${page}?${parts.join('&')}` : page;
}

/** Opens a page of the pay subpackage. */
export function go(page: string, query?: Record<string, string | undefined>): void {
  void Taro.navigateTo({ url: payUrl(page, query) });
}

/** The current page's query parameters, decoded. */
export function usePageParams(): Record<string, string> {
  const router = Taro.useRouter();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(router.params)) {
    if (typeof value === 'string') out[key] = decodeURIComponent(value);
  }
  return out;
}

/** A fresh idempotency key for one intended payment. */
export function newIdempotencyKey(): string {
  const values = new Uint8Array(12);
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(values);
  else for (let i = 0; i < values.length; i += 1) values[i] = Math.floor(Math.random() * 256);
  return `pay-${Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The Chinese message of any failure. */
export function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : '系统出了点问题，请稍后再试。';
}

/**
 * Loads data for a page, again whenever `key` changes or `reload()` is called (after an action,
 * or when the page shows again). Answers from an older load never overwrite a newer one.
 */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let live = true;
    latest.current().then(
      (data) => {
        if (live) setState({ data, error: null, loading: false });
      },
      (err: unknown) => {
        if (live) setState((s) => ({ ...s, error: messageOf(err), loading: false }));
      },
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}

export { dayText, formatYuanSign, periodText, utilityLabels };

/** The months a payment covers, short enough for one line: `2026年6月至2026年11月，共 6 个月`. */
export function periodsText(periods: string[]): string {
  const sorted = [...periods].sort();
  const [first] = sorted;
  const last = sorted[sorted.length - 1];
  if (!first || !last || sorted.length <= 2) return sorted.map(periodText).join('、');
  return `${periodText(first)}至${periodText(last)}，共 ${sorted.length} 个月`;
}

/** One choice of a row of large choices (utility, lookup kind). */
export function Choices<T extends string>(props: {
  label: string;
  options: ReadonlyArray<{ value: T; text: string }>;
  value: T | null;
  onChange: (value: T) => void;
}) {
  return (
    <View className="bm-bill-choices" {...roleProps('radiogroup')} aria-label={props.label}>
      {props.options.map((option) => {
        const select = () => props.onChange(option.value);
        const on = option.value === props.value;
        return (
          <View
            key={option.value}
            className={`bm-bill-choice${on ? ' bm-bill-choice--on' : ''}`}
            {...roleProps('radio')}
            aria-checked={on}
            aria-label={option.text}
            onClick={select}
            {...keyboardPressProps(select)}
          >
            {option.text}
          </View>
        );
      })}
    </View>
  );
}

/** The six utilities as choices. */
export const utilityOptions = utilityValues.map((value: Utility) => ({ value, text: utilityLabels[value] }));

/** A text box of the billing forms: its value and what the resident types, named for screen readers. */
export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  maxlength: number;
  type?: 'text' | 'number' | 'idcard' | 'digit';
}) {
  return (
    <Input
      className="bm-bill-field"
      type={props.type ?? 'text'}
      value={props.value}
      placeholder={props.placeholder}
      aria-label={props.label}
      maxlength={props.maxlength}
      onInput={(e: unknown) => props.onChange(inputValue(e))}
    />
  );
}

/** A short line under a form field or at the top of a page when something went wrong. */
export function Problem({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Text className="bm-bill-problem" {...roleProps('alert')}>
      {text}
    </Text>
  );
}

/** A plain text link (secondary navigation), large enough to tap. */
export function TextLink({ children, onPress, label }: { children: string; onPress: () => void; label?: string }) {
  return (
    <View
      className="bm-bill-link"
      {...roleProps('link')}
      aria-label={label ?? children}
      onClick={onPress}
      {...keyboardPressProps(onPress)}
    >
      {children}
    </View>
  );
}

/** An amount as the screens show it: `¥120.50`. */
export function Amount({ fen, large = false }: { fen: number; large?: boolean }) {
  return (
    <Text className={large ? 'bm-bill-amount bm-bill-amount--large' : 'bm-bill-amount'}>{formatYuanSign(fen)}</Text>
  );
}

/**
 * Whose account the money goes to, shown large before she confirms: the utility (and for whom),
 * the masked holder and the account number.
 */
export function PayeeLines({
  account,
  forWhom,
}: {
  account: Pick<AccountSummary, 'utility' | 'holderName' | 'accountNo'>;
  /** `（替家人缴）` when it is someone else's account; empty for her own. */
  forWhom: string;
}) {
  return (
    <>
      <Text className="bm-note">
        {utilityLabels[account.utility]}
        {forWhom}
      </Text>
      <Text className="bm-note">户主</Text>
      <Text className="bm-bill-holder" aria-label={`户主 ${account.holderName}`}>
        {account.holderName}
      </Text>
      <Text className="bm-note">
        {plain('户号')} {account.accountNo}
      </Text>
    </>
  );
}

/** The amount to confirm, large and in capital numerals (壹佰贰拾元伍角). */
export function AmountToConfirm({ fen }: { fen: number }) {
  return (
    <>
      <Amount fen={fen} large />
      <Text className="bm-bill-capital" aria-label={`大写 ${toChineseCapital(fen)}`}>
        {toChineseCapital(fen)}
      </Text>
    </>
  );
}
