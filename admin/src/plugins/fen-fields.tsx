import type { RJSFSchema, UiSchema, WidgetProps } from '@rjsf/utils';
import { MoneyInput } from '../components/money-input.tsx';
import { formatFen } from '../money.ts';

/**
 * Plugin schemas mark money with `'x-unit': 'fen'` (docs/plugins.md §9): the API speaks integer
 * fen, people see and type 元. The form keeps fen in its data (so the schema's limits still
 * apply) and shows a 元 input; lists show ¥ amounts.
 */
export function fenKeys(schema: RJSFSchema): Set<string> {
  const properties = (schema.properties ?? {}) as Record<string, { 'x-unit'?: string }>;
  return new Set(Object.entries(properties).filter(([, property]) => property?.['x-unit'] === 'fen').map(([key]) => key));
}

function FenWidget({ id, value, onChange, disabled, readonly }: WidgetProps) {
  return (
    <span id={id}>
      {disabled || readonly ? formatFen(value as number | undefined) : <MoneyInput value={value as number | undefined} onChange={(fen) => onChange(fen ?? undefined)} aria-label={id} />}
    </span>
  );
}

export const fenWidgets = { fen: FenWidget };

/** The uiSchema that draws every fen field with the 元 widget. */
export function fenUiSchema(schema: RJSFSchema): UiSchema {
  return Object.fromEntries([...fenKeys(schema)].map((key) => [key, { 'ui:widget': 'fen' }]));
}

/** A list cell: fen as ¥, otherwise as the caller draws it. */
export function fenCell(value: unknown): string {
  return typeof value === 'number' ? formatFen(value) : '—';
}
