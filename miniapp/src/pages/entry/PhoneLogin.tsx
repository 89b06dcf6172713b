import { useEffect, useState } from 'react';
import { Button, Input, View } from '@tarojs/components';
import { api, ApiError } from '../../lib/api';
import { loginErrorText } from './login-errors';
import './phone-login.css';

interface Session {
  accessToken: string;
}

interface SmsCodeAnswer {
  sentAt: string;
  resendAfterSeconds: number;
  demo: boolean;
}

const MOBILE = /^1[3-9][0-9]{9}$/;
/** How long to wait when the server says "too soon" without saying how long (one code a minute per phone). */
const RESEND_SECONDS = 60;

/** The resend button while it waits: seconds for the minute between codes, minutes for an hourly limit. */
function waitLabel(seconds: number): string {
  return seconds > 120 ? `${Math.ceil(seconds / 60)}分钟后重发` : `${seconds}秒后重发`;
}

/** H5 sign-in: the phone, a code by SMS (获取验证码, then a countdown), and 登录. */
export function PhoneLogin({ merchantId, demoSmsCode, onSignedIn }: { merchantId: string; demoSmsCode: string | null; onSignedIn: (token: string) => void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [waitSeconds, setWaitSeconds] = useState(0);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (waitSeconds <= 0) return undefined;
    const timer = setTimeout(() => setWaitSeconds((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [waitSeconds]);

  const sendCode = async () => {
    if (sending || waitSeconds > 0) return;
    if (!MOBILE.test(phone)) return setProblem('请输入正确的手机号');
    setSending(true);
    setProblem(null);
    try {
      const answer = await api.post<SmsCodeAnswer>('/mall/auth/sms-code', { merchantId, phone });
      if (answer.demo && demoSmsCode) setCode(demoSmsCode);
      setWaitSeconds(answer.resendAfterSeconds);
    } catch (error) {
      setProblem(loginErrorText(error));
      if (error instanceof ApiError && error.code === 'LS_AUTH_RATE_LIMITED') setWaitSeconds(error.retryAfterSeconds ?? RESEND_SECONDS);
    } finally {
      setSending(false);
    }
  };

  const login = async () => {
    if (!MOBILE.test(phone)) return setProblem('请输入正确的手机号');
    if (!code) return setProblem('请输入短信验证码');
    setProblem(null);
    try {
      onSignedIn((await api.post<Session>('/mall/auth/phone', { merchantId, phone, code })).accessToken);
    } catch (error) {
      setProblem(loginErrorText(error));
    }
  };

  const waiting = sending || waitSeconds > 0;
  return (
    <View className='section login-form'>
      <View className='section-title'>手机号登录</View>
      <Input className='input phone-input' type='number' maxlength={11} placeholder='手机号' value={phone} onInput={(e) => setPhone(e.detail.value)} />
      <View className='row code-row'>
        <Input className='input code-input' type='number' maxlength={6} placeholder='短信验证码' value={code} onInput={(e) => setCode(e.detail.value)} />
        <Button className={`btn-plain sms-button ${waiting ? 'btn-disabled' : ''}`} onClick={() => void sendCode()}>
          {sending ? '发送中…' : waitSeconds > 0 ? waitLabel(waitSeconds) : '获取验证码'}
        </Button>
      </View>
      {demoSmsCode && <View className='muted demo-code'>演示模式：不发短信，验证码为 {demoSmsCode}</View>}
      {problem && <View className='error login-error'>{problem}</View>}
      <Button className='btn login-button' onClick={() => void login()}>登录</Button>
    </View>
  );
}
