import { useTranslate } from '@refinedev/core';
import { Form, Input, Select, Switch, Typography, type FormInstance, type FormRule } from 'antd';
import type { ReactNode } from 'react';

/** GET /sms/settings: the secrets are never read back, only whether they are set (docs/mall.md). */
export interface SmsSettings {
  configured: boolean;
  provider: 'tencent' | null;
  secretIdLast4: string | null;
  hasSecretKey: boolean;
  sdkAppId: string | null;
  signName: string | null;
  templateId: string | null;
  templateWithMinutes: boolean;
  updatedAt: string | null;
}

export interface SmsSettingsValues {
  provider: 'tencent';
  /** Empty keeps the stored one. */
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  templateWithMinutes: boolean;
}

const smsFields = ['provider', 'secretId', 'secretKey', 'sdkAppId', 'signName', 'templateId', 'templateWithMinutes'] as const;
export type SmsField = (typeof smsFields)[number];

export function isSmsField(name: string | undefined): name is SmsField {
  return (smsFields as readonly (string | undefined)[]).includes(name);
}

/** The patterns of core/src/sms/sms.schemas.ts, so a bad value is caught before the round trip. */
const SECRET = /^[A-Za-z0-9]{8,128}$/;
const SDK_APP_ID = /^[0-9]{6,12}$/;
const TEMPLATE_ID = /^[0-9]{1,12}$/;
const SIGN_NAME_MAX = 40;

/** The form's values for stored settings: the secrets start empty, to be typed only to replace them. */
export function formValues(settings: SmsSettings): SmsSettingsValues {
  return {
    provider: settings.provider ?? 'tencent', secretId: '', secretKey: '',
    sdkAppId: settings.sdkAppId ?? '', signName: settings.signName ?? '', templateId: settings.templateId ?? '',
    templateWithMinutes: settings.templateWithMinutes,
  };
}

/** What PUT /sms/settings gets: a secret left empty is left out, so the server keeps the stored one. */
export function requestBody(values: SmsSettingsValues): Record<string, unknown> {
  const { secretId, secretKey, ...rest } = values;
  return { ...rest, ...(secretId ? { secretId } : {}), ...(secretKey ? { secretKey } : {}) };
}

/** The rule of each typed field in words: the client check's message, and what shows under a field the server refuses. */
export function useFieldRules() {
  const t = useTranslate();
  return {
    secretId: t('sms.rules.secret'), secretKey: t('sms.rules.secret'), sdkAppId: t('sms.rules.sdkAppId'),
    signName: t('sms.rules.signName'), templateId: t('sms.rules.templateId'),
  } satisfies Partial<Record<SmsField, string>>;
}

function SecretState({ set, last4 }: { set: boolean; last4?: string | null }) {
  const t = useTranslate();
  if (!set) return <Typography.Text type="warning">{t('sms.secretMissing')}</Typography.Text>;
  return <Typography.Text type="success">{last4 ? t('sms.secretSetLast4', { last4 }) : t('sms.secretSet')}</Typography.Text>;
}

function SecretLabel({ name, state }: { name: string; state: ReactNode }) {
  return <span>{name}&nbsp;&nbsp;{state}</span>;
}

/**
 * The account's fields. SecretId and SecretKey are password inputs that start empty: typed, they
 * replace the stored ones; left empty, the stored ones are kept (required only before the first save).
 */
export function SmsSettingsForm({ form, settings, busy, onFinish, actions }: {
  form: FormInstance<SmsSettingsValues>;
  settings: SmsSettings;
  busy: boolean;
  onFinish: (values: SmsSettingsValues) => void;
  actions: ReactNode;
}) {
  const t = useTranslate();
  const rules = useFieldRules();
  const secretRules = (set: boolean, message: string): FormRule[] => [{ required: !set, message }, { pattern: SECRET, message }];
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 560 }} onFinish={onFinish} disabled={busy} initialValues={formValues(settings)}>
      <Form.Item name="provider" label={t('sms.provider')} rules={[{ required: true }]}>
        <Select options={[{ value: 'tencent', label: t('sms.tencent') }]} />
      </Form.Item>
      <Form.Item name="secretId" label={<SecretLabel name="SecretId" state={<SecretState set={settings.secretIdLast4 !== null} last4={settings.secretIdLast4} />} />}
        extra={settings.secretIdLast4 ? t('sms.keepSecret') : undefined} rules={secretRules(settings.secretIdLast4 !== null, rules.secretId)}>
        <Input.Password autoComplete="new-password" placeholder={settings.secretIdLast4 ? t('sms.keepSecret') : 'AKID…'} />
      </Form.Item>
      <Form.Item name="secretKey" label={<SecretLabel name="SecretKey" state={<SecretState set={settings.hasSecretKey} />} />}
        extra={settings.hasSecretKey ? t('sms.keepSecret') : undefined} rules={secretRules(settings.hasSecretKey, rules.secretKey)}>
        <Input.Password autoComplete="new-password" placeholder={settings.hasSecretKey ? t('sms.keepSecret') : undefined} />
      </Form.Item>
      <Form.Item name="sdkAppId" label="SdkAppId" rules={[{ required: true, message: rules.sdkAppId }, { pattern: SDK_APP_ID, message: rules.sdkAppId }]}>
        <Input placeholder="1400…" inputMode="numeric" />
      </Form.Item>
      <Form.Item name="signName" label={t('sms.signName')} extra={t('sms.signNameHelp')}
        rules={[{ required: true, message: rules.signName }, { max: SIGN_NAME_MAX, message: rules.signName }]}>
        <Input maxLength={SIGN_NAME_MAX} />
      </Form.Item>
      <Form.Item name="templateId" label={t('sms.templateId')} rules={[{ required: true, message: rules.templateId }, { pattern: TEMPLATE_ID, message: rules.templateId }]}>
        <Input inputMode="numeric" />
      </Form.Item>
      <Form.Item name="templateWithMinutes" label={t('sms.templateWithMinutes')} extra={t('sms.templateHelp')} valuePropName="checked">
        <Switch />
      </Form.Item>
      {actions}
    </Form>
  );
}
