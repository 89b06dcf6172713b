import { Button, Checkbox, Form, Input, Space, Switch } from 'antd';

/** WeChat's week days (0 = Sunday), in the order a Chinese week reads. */
const WEEK_DAYS = [1, 2, 3, 4, 5, 6, 0].map((value) => ({ value, label: `周${'日一二三四五六'[value]}` }));
/** WeChat takes at most three slots a day (coupon-input.ts). */
const MAX_SLOTS = 3;
const DAY_END = 86_400;

const pad = (n: number) => String(n).padStart(2, '0');

/** Seconds of the day as the time input shows them; the day's end (86 400) as 00:00. */
function clockText(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const minutes = Math.floor(seconds / 60) % (24 * 60);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A time of day in seconds, as WeChat's slots take it. A slot's end at 00:00 is the day's end:
 * an end can never be at the day's start, and a time input cannot show 24:00.
 */
function TimeOfDayInput({ id, value, onChange, endOfDay = false, disabled }: {
  id?: string; value?: number; onChange?: (seconds: number | undefined) => void; endOfDay?: boolean; disabled?: boolean;
}) {
  return (
    <Input id={id} type="time" step={60} disabled={disabled} value={clockText(value)} style={{ width: 130 }}
      onChange={(event) => {
        const match = /^(\d{2}):(\d{2})/.exec(event.target.value);
        const seconds = match ? Number(match[1]) * 3600 + Number(match[2]) * 60 : undefined;
        onChange?.(endOfDay && seconds === 0 ? DAY_END : seconds);
      }} />
  );
}

/**
 * 每周可用时段, optional: the week days and up to three time ranges a day, in the `weekly` shape
 * the API takes (`{ weekDays, slots?: [{ begin, end }] }`, seconds of the day, China time). The
 * fields sit at the API's own paths, so the API's refusal (`weekly.slots.0.end`) lands on its control.
 */
export function WeeklyFields({ disabled }: { disabled: boolean }) {
  const form = Form.useFormInstance();
  const on = Form.useWatch('weeklyOn', form) === true;
  return (
    <>
      <Form.Item name="weeklyOn" label="每周可用时段（不设：每天全天可用）" valuePropName="checked">
        <Switch disabled={disabled} />
      </Form.Item>
      {on ? (
        <>
          <Form.Item name={['weekly', 'weekDays']} label="每周可用日" rules={[{ type: 'array', required: true, min: 1, message: '至少选择一天' }]}>
            <Checkbox.Group disabled={disabled} options={WEEK_DAYS} />
          </Form.Item>
          <Form.List name={['weekly', 'slots']}>
            {(fields, { add, remove }, { errors }) => (
              <Form.Item label="当天可用时段（不加：全天）" extra="结束时间选 00:00 即当天 24:00">
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" data-testid={`weekly-slot-${field.name}`}>
                    <Form.Item name={[field.name, 'begin']} rules={[{ required: true, message: '请选择开始时间' }]}>
                      <TimeOfDayInput disabled={disabled} />
                    </Form.Item>
                    <span>至</span>
                    <Form.Item name={[field.name, 'end']} rules={[{ required: true, message: '请选择结束时间' }]}>
                      <TimeOfDayInput endOfDay disabled={disabled} />
                    </Form.Item>
                    {disabled ? null : <Button type="link" danger onClick={() => remove(field.name)}>删除</Button>}
                  </Space>
                ))}
                {!disabled && fields.length < MAX_SLOTS ? <div><Button type="dashed" onClick={() => add()}>添加时段</Button></div> : null}
                <Form.ErrorList errors={errors} />
              </Form.Item>
            )}
          </Form.List>
        </>
      ) : null}
    </>
  );
}
