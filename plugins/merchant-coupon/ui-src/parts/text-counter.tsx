import { Typography } from 'antd';
import { characters, limitBroken, utf8Bytes, type TextLimit } from '../../src/text-count.ts';

/**
 * The live count under a coupon text: the manual's bytes (a letter or digit 1, a Chinese
 * character 3) and WeChat's characters, red once either limit is passed, by the rule the API applies.
 */
export function TextCounter({ text, limit, testId }: { text: string; limit: TextLimit; testId: string }) {
  const over = limitBroken(text, limit) !== null;
  return (
    <Typography.Text data-testid={testId} data-over={over} type={over ? 'danger' : 'secondary'}>
      {`${utf8Bytes(text)}/${limit.maxBytes} 字符（汉字算3个） · ${characters(text)}/${limit.maxCharacters} 字`}
    </Typography.Text>
  );
}

/** The form rule behind the counter: the same check refuses the save. */
export function textLimitRule(limit: TextLimit) {
  return {
    validator: async (_rule: unknown, value: string | undefined) => {
      const broken = limitBroken(value ?? '', limit);
      if (!broken) return;
      throw new Error(broken.unit === 'bytes'
        ? `超出 ${broken.limit} 个字符（英文字母、数字算1个，汉字算3个），现为 ${broken.length}`
        : `超出微信限制的 ${broken.limit} 字，现为 ${broken.length}`);
    },
  };
}
