import Form from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { RegistryWidgetsType, RJSFSchema, UiSchema } from '@rjsf/utils';
import { Button } from 'antd';
import { useTranslate } from '@refinedev/core';

/**
 * A form generated from a plugin's JSON Schema (rjsf, antd theme). Validation runs in the
 * browser first; the server validates again and its field error is shown by the caller.
 */
export function SchemaForm({ schema, uiSchema, widgets, formData, onSubmit, busy }: {
  schema: RJSFSchema; uiSchema?: UiSchema; widgets?: RegistryWidgetsType; formData?: Record<string, unknown>; busy?: boolean;
  onSubmit(data: Record<string, unknown>): void;
}) {
  const t = useTranslate();
  return (
    <Form
      schema={schema}
      uiSchema={uiSchema}
      widgets={widgets}
      formData={formData}
      validator={validator}
      showErrorList={false}
      noHtml5Validate
      // The errors are shown next to their fields; rjsf would also log them as console errors.
      onError={() => undefined}
      onSubmit={({ formData: data }) => onSubmit((data ?? {}) as Record<string, unknown>)}
    >
      <Button type="primary" htmlType="submit" loading={busy}>{t('common.save')}</Button>
    </Form>
  );
}
