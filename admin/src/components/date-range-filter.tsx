import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';

/** A China-day range (YYYY-MM-DD, both days included): what the list routes take as dateFrom/dateTo. */
export interface DayRange { dateFrom?: string; dateTo?: string }

/**
 * A RangePicker for list filters. The picked calendar days are sent as they are: the server
 * reads them as Asia/Shanghai days, whatever the browser's zone.
 */
export function DateRangeFilter({ onChange, label }: { onChange(range: DayRange): void; label: string }) {
  const change = (days: [Dayjs | null, Dayjs | null] | null) => onChange({
    dateFrom: days?.[0]?.format('YYYY-MM-DD'), dateTo: days?.[1]?.format('YYYY-MM-DD'),
  });
  return <DatePicker.RangePicker aria-label={label} allowEmpty={[true, true]} onChange={change} />;
}
