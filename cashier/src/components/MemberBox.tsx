import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Customer } from '../api/types.ts';
import type { Member } from '../lib/cart.ts';

/** 会员 (seed 6.6): found by phone or member code; member prices and coupons follow from it. */
export function MemberBox({ member, onMember, online }: { member: Member | null; onMember: (m: Member | null) => void; online: boolean }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const find = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    try {
      const c = await api<Customer>('GET', `/customers/lookup?code=${encodeURIComponent(code.trim())}`);
      onMember({ id: c.id, name: c.name, phone: c.phone, memberCode: c.memberCode });
      setCode('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (member) {
    return (
      <div className="member row" data-testid="member">
        <span>会员 {member.name} {member.phone}</span>
        <button type="button" onClick={() => onMember(null)}>移除</button>
      </div>
    );
  }
  return (
    <form className="member row" onSubmit={find}>
      <input id="member-code" name="memberCode" data-scan-target="" placeholder={online ? '会员手机号/会员码 (F2)' : '离线时不能查会员'} value={code}
        onChange={(e) => setCode(e.target.value)} disabled={!online} />
      <button type="submit" disabled={!online || !code.trim()}>查会员</button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}
