import { InputNumber } from 'antd';
import { fenToYuan, yuanToFen } from '../money.ts';

/** An amount typed in 元 (two decimals) for a value held in fen. */
export function MoneyInput({ value, onChange, ...rest }: { value?: number | null; onChange?: (fen: number | null) => void; 'aria-label'?: string }) {
  return (
    <InputNumber<string>
      {...rest}
      prefix="¥"
      min="0"
      step="0.01"
      precision={2}
      stringMode
      style={{ width: '100%' }}
      value={value === null || value === undefined ? null : fenToYuan(value)}
      onChange={(yuan) => onChange?.(yuanToFen(yuan))}
    />
  );
}
