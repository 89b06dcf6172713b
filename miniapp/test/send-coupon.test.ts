/**
 * How the mall reads the send-coupon plugin's answer (src/lib/send-coupon.ts): the same for
 * WeChat's component in the mini program and for the sandbox that plays it in H5.
 */
import t from 'tap';
import { claimOutcome } from '../src/lib/send-coupon.ts';

t.test('a coupon sent is a success; a refused call or coupon says why', async (t) => {
  t.same(claimOutcome({ errcode: 'OK', msg: 'ok', send_coupon_result: [{ stock_id: '1', coupon_code: 'c1', code: 'SUCCESS' }] }), { ok: true });
  t.same(claimOutcome({ errcode: 'OK', send_coupon_result: [{ stock_id: '1', code: 'FAIL', message: '用户领取该批次的券已达上限' }] }),
    { ok: false, message: '用户领取该批次的券已达上限' }, 'errcode OK with a coupon not sent');
  t.same(claimOutcome({ errcode: 'SIGN_ERROR', msg: '签名错误', send_coupon_result: [] }), { ok: false, message: '签名错误' });
  t.same(claimOutcome({ errcode: 'OK', send_coupon_result: [] }), { ok: false, message: '领取失败，请稍后再试' }, 'no result is no coupon');
  t.same(claimOutcome(undefined), { ok: false, message: '领取失败，请稍后再试' });
});
