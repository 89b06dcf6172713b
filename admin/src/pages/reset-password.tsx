import { useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { api, ApiError } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';

interface Values { password: string; confirm: string }

/**
 * 重置密码 for one staff member (POST /staff/:id/password). The server ends their sessions, so
 * they sign in again with the new password.
 */
export function ResetPasswordButton({ staff }: { staff: { id: string; name: string; username: string } }) {
  const t = useTranslate();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<Values>();
  const submit = async ({ password }: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/staff/${staff.id}/password`, { password });
      void message.success(t('staff.resetDone'));
      setOpen(false);
    } catch (failure) {
      // The field the server names goes under its input; anything else above the form.
      if (failure instanceof ApiError && failure.field === 'password') form.setFields([{ name: 'password', errors: [failure.message] }]);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => { setError(null); setOpen(true); }}>{t('staff.resetPassword')}</Button>
      <Modal open={open} title={`${t('staff.resetPassword')} · ${staff.name}`} okText={t('common.save')} cancelText={t('common.cancel')}
        confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('staff.resetHelp', { username: staff.username })}</Typography.Paragraph>
        <ApiErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="password" label={t('staff.newPassword')} rules={[{ required: true }, { min: 8, max: 200, message: t('staff.passwordRule') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="confirm" label={t('staff.confirmPassword')} dependencies={['password']} rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('staff.mismatch')))),
            }),
          ]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
