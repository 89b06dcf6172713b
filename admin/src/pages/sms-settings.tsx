import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { App, Button, Card, Form, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { api, ApiError } from '../api/http.ts';
import { readSession } from '../api/session.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';
import { formatDateTime } from '../dates.ts';
import {
  formValues, isSmsField, requestBody, SmsSettingsForm, useFieldRules, type SmsSettings, type SmsSettingsValues,
} from './sms-settings-form.tsx';

/**
 * The fixed code the mall takes in demo/sandbox mode, where it sends no SMS whatever is set here
 * (docs/mall.md); null outside it, undefined while unknown. Only the mall's public entry tells.
 */
function useDemoSmsCode(): string | null | undefined {
  const [code, setCode] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const merchantId = readSession()?.user.tenantId;
    if (!merchantId) return;
    api.get<{ demoSmsCode: string | null }>(`/mall/entry?merchantId=${merchantId}`).then((entry) => setCode(entry.demoSmsCode), () => setCode(undefined));
  }, []);
  return code;
}

/** 设置 → 短信服务: the Tencent Cloud SMS account the mall's phone sign-in sends its codes through (/sms/settings). */
export default function SmsSettingsPage() {
  const t = useTranslate();
  const { message } = App.useApp();
  const [form] = Form.useForm<SmsSettingsValues>();
  const rules: Partial<Record<string, string>> = useFieldRules();
  const demoCode = useDemoSmsCode();
  const [settings, setSettings] = useState<SmsSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<SmsSettings>('/sms/settings').then(setSettings, setError);
  }, []);
  if (!settings) return error ? <ApiErrorAlert error={error} /> : <Spin />;

  const run = async (work: () => Promise<SmsSettings>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      setSettings(next);
      // The form shows what is stored now, with the secret inputs empty again.
      form.setFieldsValue(formValues(next));
      void message.success(done);
    } catch (failure) {
      // The field the server names goes under its input, in the words of its rule; anything else above the form.
      const field = failure instanceof ApiError ? failure.field : undefined;
      if (isSmsField(field)) {
        form.setFields([{ name: field, errors: [rules[field] ?? (failure as Error).message] }]);
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const save = (values: SmsSettingsValues) => run(() => api.put<SmsSettings>('/sms/settings', requestBody(values)), t('common.saved'));
  const remove = () => run(async () => {
    await api.delete('/sms/settings');
    return api.get<SmsSettings>('/sms/settings');
  }, t('sms.deleted'));

  const note = demoCode ? t('sms.demoMode', { code: demoCode })
    : demoCode === null ? t(settings.configured ? 'sms.live' : 'sms.liveMissing')
      : t('sms.demoModeUnknown');
  return (
    <Card title={t('menu.sms')} data-testid="sms-settings">
      <Space wrap style={{ marginBottom: 16 }} data-testid="sms-status">
        <Tag color={settings.configured ? 'green' : 'default'}>{t(settings.configured ? 'sms.configured' : 'sms.notConfigured')}</Tag>
        <Typography.Text type="secondary">{note}</Typography.Text>
        {settings.updatedAt && <Typography.Text type="secondary">{t('sms.updatedAt')} {formatDateTime(settings.updatedAt)}</Typography.Text>}
      </Space>
      <ApiErrorAlert error={error} />
      <SmsSettingsForm form={form} settings={settings} busy={busy} onFinish={(values) => void save(values)} actions={(
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>{t('common.save')}</Button>
          {settings.configured && (
            <Popconfirm title={t('sms.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={remove}>
              <Button danger>{t('sms.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      )} />
    </Card>
  );
}
