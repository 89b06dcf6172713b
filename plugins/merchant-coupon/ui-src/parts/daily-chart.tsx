import { Card, Empty, Space, Typography } from 'antd';
import type { DayCount } from './api.ts';

const WIDTH = 720;
const HEIGHT = 180;
const PAD = { top: 10, right: 8, bottom: 22, left: 32 };
const COLORS = { claimed: '#1677ff', used: '#52c41a' };

/**
 * Claims and redemptions per China day, as paired bars in plain SVG: bundles get React and antd
 * from the admin, not its chart library.
 */
export function DailyChart({ days }: { days: DayCount[] | null }) {
  const top = Math.max(1, ...(days ?? []).flatMap((d) => [d.claimed, d.used]));
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, days?.length ?? 1);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (n: number) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - n / top);
  const total = (key: 'claimed' | 'used') => (days ?? []).reduce((n, d) => n + d[key], 0);
  return (
    <Card size="small" title="近30天领取与核销" loading={days === null}
      extra={<Space><Legend color={COLORS.claimed} text={`领取 ${total('claimed')}`} /><Legend color={COLORS.used} text={`核销 ${total('used')}`} /></Space>}>
      {days && days.length === 0 ? <Empty /> : (
        <svg data-testid="daily-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label="近30天领取与核销">
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#d9d9d9" />
          <text x={PAD.left - 4} y={y(top) + 4} textAnchor="end" fontSize="10" fill="#8c8c8c">{top}</text>
          <text x={PAD.left - 4} y={y(0)} textAnchor="end" fontSize="10" fill="#8c8c8c">0</text>
          {(days ?? []).map((d, i) => {
            const x = PAD.left + i * slot;
            return (
              <g key={d.day}>
                <title>{`${d.day} 领取 ${d.claimed} 核销 ${d.used}`}</title>
                <rect data-day={d.day} x={x} y={y(d.claimed)} width={bar} height={y(0) - y(d.claimed)} fill={COLORS.claimed} />
                <rect x={x + bar} y={y(d.used)} width={bar} height={y(0) - y(d.used)} fill={COLORS.used} />
                {i % 5 === 4 || i === (days?.length ?? 0) - 1
                  ? <text x={x + bar} y={HEIGHT - 6} textAnchor="middle" fontSize="10" fill="#8c8c8c">{d.day.slice(5)}</text> : null}
              </g>
            );
          })}
        </svg>
      )}
    </Card>
  );
}

function Legend({ color, text }: { color: string; text: string }) {
  return <Typography.Text><span style={{ display: 'inline-block', width: 10, height: 10, background: color, marginRight: 4 }} />{text}</Typography.Text>;
}
