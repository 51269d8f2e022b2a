import { Text } from '@tarojs/components';
import { roleProps } from '../../lib/a11y';

/** What went wrong, in the BFF's Chinese words, read out at once (an alert); nothing when all is well. */
export function StaffProblem({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <Text className="agent__problem" {...roleProps('alert')}>
      {text}
    </Text>
  );
}
