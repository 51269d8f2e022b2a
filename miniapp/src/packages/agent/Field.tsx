import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { z } from 'zod';
import { ActionButton } from '../../components/ActionButton';
import { roleProps } from '../../lib/a11y';
import { inputValue } from '../../lib/input';

/** The first problem the shared schema finds with `value`, in its own Chinese words; null when fine. */
export function problemOf(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? '请检查这里的内容');
}

/** Props of {@link Field}. */
export interface FieldProps {
  label: string;
  button: string;
  primary?: boolean;
  value: string;
  onChange: (v: string) => void;
  /** What is missing or wrong with `text` (checked with the shared body schema), or null. */
  check: (text: string) => string | null;
  /** Runs the action; answers whether it worked (the box is then emptied). */
  onSubmit: (text: string) => Promise<boolean>;
}

/**
 * A labelled text box with its button. Pressing the button with the box empty or wrong says what
 * is missing right under the box (the same words the BFF would answer with), instead of nothing.
 */
export function Field(props: FieldProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    const text = props.value.trim();
    const wrong = props.check(text);
    setProblem(wrong);
    if (wrong) return;
    if (await props.onSubmit(text)) props.onChange('');
  };
  return (
    <View className="agent-field">
      <Input
        className={`agent__input${problem ? ' agent__input--wrong' : ''}`}
        aria-label={props.label}
        aria-invalid={problem ? true : undefined}
        placeholder={props.label}
        value={props.value}
        maxlength={1000}
        onInput={(e: unknown) => {
          props.onChange(inputValue(e));
          if (problem) setProblem(null);
        }}
        onConfirm={() => void submit()}
      />
      {problem ? (
        <Text className="agent-field__problem" {...roleProps('alert')}>
          {props.label}：{problem}
        </Text>
      ) : null}
      <ActionButton variant={props.primary ? 'primary' : 'secondary'} onPress={() => void submit()}>
        {props.button}
      </ActionButton>
    </View>
  );
}
