import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, OfflineError } from '../api/client.ts';
import type { Quote, ScanResult } from '../api/types.ts';
import { CartView } from '../components/CartView.tsx';
import { CatalogPanel } from '../components/CatalogPanel.tsx';
import { MemberBox } from '../components/MemberBox.tsx';
import { OfflineBanner } from '../components/OfflineBanner.tsx';
import { PluginActions } from '../components/PluginActions.tsx';
import { PluginPanels } from '../components/PluginPanels.tsx';
import { useHotkeys } from '../hooks/useHotkeys.ts';
import { useScanner } from '../hooks/useScanner.ts';
import { addSku, checkoutLines, emptyCart, localQuote, mergePluginInput, setMember, type Cart, type Sku } from '../lib/cart.ts';
import { parseKg, yuan } from '../lib/money.ts';
import { cachedSku, cachedSkuByCode } from '../offline/catalog.ts';
import { useOfflineQueue } from '../till/useOfflineQueue.ts';
import type { SaleBody, SaleOutcome } from '../till/sale.ts';
import { nextClientOrderId, useTill } from '../till/till.ts';
import { PaymentDialog } from './PaymentDialog.tsx';
import { ReceiptDialog } from './ReceiptDialog.tsx';
import { RefundDialog } from './RefundDialog.tsx';
import { ShiftDialog } from './ShiftDialog.tsx';
import { PickupDialog } from './PickupDialog.tsx';

type Dialog =
  | { kind: 'pay'; body: SaleBody; totalFen: number }
  | { kind: 'receipt'; outcome: SaleOutcome; changeFen: number; names: Map<string, string> }
  | { kind: 'refund' } | { kind: 'shift' } | { kind: 'pickup' } | { kind: 'weigh'; sku: Sku };

/** The kernel's scan answer carries the SaleSku shape (skuId, not id). */
function skuFromScan(data: Record<string, unknown>): Sku {
  return {
    id: String(data.skuId), productId: String(data.productId), name: String(data.name), specText: String(data.specText ?? ''),
    barcode: (data.barcode as string | null) ?? null, code: (data.code as string | null) ?? null, priceFen: Number(data.priceFen),
    weighed: Boolean(data.weighed), unit: String(data.unit ?? ''),
  };
}

/** The selling screen: scan first, then the cart, member and plugin panels, and 结算. */
export function SellScreen({ onShiftClosed }: { onShiftClosed: () => void }) {
  const till = useTill();
  const [cart, setCart] = useState<Cart>(emptyCart);
  const [quote, setQuote] = useState<{ key: string; quote: Quote } | null>(null);
  const [quoteError, setQuoteError] = useState('');
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [scanMs, setScanMs] = useState<number | null>(null);
  // The last sale the server confirmed, for plugin actions that work on it (a greeting, an invoice).
  const [lastOrderId, setLastOrderId] = useState<string | undefined>();
  const queue = useOfflineQueue(till.online);
  const weight = useRef<HTMLInputElement>(null);

  const body = useMemo(() => ({
    storeId: till.store.id, lines: checkoutLines(cart),
    ...(cart.member ? { customerId: cart.member.id } : {}),
    ...(Object.keys(cart.pluginInputs).length ? { pluginInputs: cart.pluginInputs } : {}),
  }), [cart, till.store.id]);
  const bodyKey = JSON.stringify(body);
  const local = useMemo(() => localQuote(cart, till.settings.defaultRounding), [cart, till.settings.defaultRounding]);
  const served = quote?.key === bodyKey ? quote.quote : null;

  // The server prices the cart with every plugin's adjustments; the local price shows meanwhile.
  useEffect(() => {
    setQuoteError('');
    if (!till.online || body.lines.length === 0) return undefined;
    // A refusal that comes back after the cart changed (a coupon's quote answered after the sale
    // spent it) is not this cart's: it would show on the next sale. A quote is kept by its key.
    let current = true;
    const timer = setTimeout(() => {
      api<Quote>('POST', '/checkout/price', { body }).then((q) => setQuote({ key: bodyKey, quote: q }), (e: Error) => {
        if (current && !(e instanceof OfflineError)) setQuoteError(e.message);
      });
    }, 80);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [bodyKey, body, till.online]);

  const add = useCallback((sku: Sku, options?: Parameters<typeof addSku>[2]) => {
    if (sku.weighed && !options?.weightGrams && options?.priceFen === undefined) return setDialog({ kind: 'weigh', sku });
    setCart((c) => addSku(c, sku, options));
    setNotice(`${sku.name} ${sku.specText}`);
  }, []);

  const scanOffline = async (code: string) => {
    const sku = await cachedSkuByCode(code);
    if (sku) add(sku);
    else setNotice(`本机商品库里没有条码 ${code}`);
  };

  const onScan = async (code: string) => {
    const started = performance.now();
    try {
      if (!till.online) return await scanOffline(code);
      const result = await api<ScanResult>('POST', '/pos/scan', { body: { storeId: till.store.id, code, ...(cart.member ? { customerId: cart.member.id } : {}) } });
      const data = result.data ?? {};
      if (result.kind === 'sku') add(skuFromScan(data));
      else if (result.kind === 'line') {
        const sku = await cachedSku(String(data.skuId));
        if (!sku) setNotice(`${result.label ?? code}：商品库尚未同步，请稍后再扫`);
        else {
          add(sku, {
            ...(typeof data.quantity === 'number' ? { quantity: data.quantity } : {}),
            ...(typeof data.weightGrams === 'number' ? { weightGrams: data.weightGrams } : {}),
            ...(typeof data.priceFen === 'number' ? { priceFen: data.priceFen } : {}),
          });
        }
      } else if (result.kind === 'plugin-input') {
        const source = result.source ?? 'plugin';
        setCart((c) => mergePluginInput(c, source, (data.input as Record<string, unknown> | undefined) ?? {}, result.label ?? code));
        setNotice(result.label ?? code);
      } else setNotice(result.label ?? code);
    } catch (e) {
      if (e instanceof OfflineError) await scanOffline(code);
      else setNotice(e instanceof ApiError && e.status === 404 ? `未找到条码 ${code}` : (e as Error).message);
    } finally {
      setScanMs(Math.round(performance.now() - started));
    }
  };
  useScanner((code) => void onScan(code), dialog === null);

  const total = served?.totalFen ?? local.totalFen;
  const priced = !till.online || served !== null;
  const canPay = cart.lines.length > 0 && !quoteError;
  // 结算 pressed while the server is still pricing the cart opens payment once the price is in.
  const [payWhenPriced, setPayWhenPriced] = useState(false);
  const pay = () => {
    if (!canPay) return;
    if (!priced) return setPayWhenPriced(true);
    setPayWhenPriced(false);
    setDialog({ kind: 'pay', totalFen: total, body: { ...body, clientOrderId: nextClientOrderId(till.deviceId) } });
  };
  useEffect(() => {
    if (payWhenPriced && priced && dialog === null) pay();
  });
  const paid = (outcome: SaleOutcome, changeFen: number) => {
    const names = new Map(cart.lines.map((l) => [l.sku.id, `${l.sku.name}${l.sku.specText ? ` ${l.sku.specText}` : ''}`]));
    setDialog({ kind: 'receipt', outcome, changeFen, names });
    if (outcome.kind === 'order') setLastOrderId(outcome.order.id);
    setCart(emptyCart);
    setQuote(null);
    void queue.refresh();
  };

  useHotkeys({
    F2: () => document.getElementById('member-code')?.focus(),
    F3: () => document.getElementById('search')?.focus(),
    F4: pay,
    // Refunds, pickups and the shift report need the server.
    F6: () => till.online && setDialog({ kind: 'refund' }),
    F7: () => till.online && setDialog({ kind: 'pickup' }),
    F10: () => till.online && setDialog({ kind: 'shift' }),
    Escape: () => setCart(emptyCart),
  }, dialog === null);

  const adjustments = served?.adjustments ?? [];
  const { storeId: _store, ...cartBody } = body;
  const actionContext = { storeId: till.store.id, ...(lastOrderId ? { orderId: lastOrderId } : {}), ...(body.lines.length ? { cart: cartBody } : {}) };
  return (
    <div className="sell">
      <header className="topbar">
        <strong>{till.store.name}</strong>
        <span>收银员 {till.session.user.name}</span>
        <span className={till.online ? 'online' : 'offline'} data-testid="connection">{till.online ? '在线' : '离线'}</span>
        {scanMs !== null && <span className="hint" data-testid="scan-ms" data-ms={scanMs}>扫码 {scanMs}ms</span>}
        <span className="spacer" />
        <button type="button" onClick={() => setDialog({ kind: 'refund' })} disabled={!till.online}>退货 <kbd>F6</kbd></button>
        <button type="button" onClick={() => setDialog({ kind: 'pickup' })} disabled={!till.online}>自提核销 <kbd>F7</kbd></button>
        <button type="button" onClick={() => setDialog({ kind: 'shift' })} disabled={!till.online}>钱箱/交班 <kbd>F10</kbd></button>
        <PluginActions actions={till.extensions.actions ?? []} context={actionContext} online={till.online} enabled={dialog === null} />
      </header>
      <OfflineBanner online={till.online} queue={queue.orders} onUpload={() => void queue.upload()} onRetry={(id) => void queue.retry(id)} />
      <main className="sell-main">
        <section className="cart-side">
          {notice && <p className="notice" role="status" data-testid="notice">{notice}</p>}
          {cart.notes.map((n) => <p key={n.source} className="note">{n.label}</p>)}
          <CartView cart={cart} onChange={setCart} quote={served} local={local} canDiscount={till.can('order.discount') && till.online} />
          <MemberBox member={cart.member} onMember={(m) => setCart((c) => setMember(c, m))} online={till.online} />
          <PluginPanels panels={till.extensions.cartPanels} cart={cart} onChange={setCart} storeId={till.store.id} online={till.online} />
          <div className="totals">
            <p>商品金额 ￥{yuan(served?.subtotalFen ?? local.subtotalFen)}</p>
            {adjustments.map((a, i) => <p key={i} className="adjustment">{a.reason} ￥{yuan(a.amountFen)}</p>)}
            {!served && local.roundingFen !== 0 && <p className="adjustment">抹零 ￥{yuan(local.roundingFen)}</p>}
            {quoteError && <p className="error" role="alert">{quoteError}</p>}
            <p className="grand">应收 <strong data-testid="total">￥{yuan(total)}</strong></p>
            <button type="button" className="primary big" onClick={pay} disabled={!canPay}>结算 <kbd>F4</kbd></button>
            <button type="button" onClick={() => setCart(emptyCart)}>清空 <kbd>Esc</kbd></button>
          </div>
        </section>
        <CatalogPanel onPick={(sku) => add(sku)} online={till.online} />
      </main>
      {dialog?.kind === 'pay' && <PaymentDialog totalFen={dialog.totalFen} body={dialog.body} onDone={paid} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'receipt' && <ReceiptDialog outcome={dialog.outcome} changeFen={dialog.changeFen} names={dialog.names} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'refund' && <RefundDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'pickup' && <PickupDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'shift' && <ShiftDialog onClose={() => setDialog(null)} onClosed={onShiftClosed} />}
      {dialog?.kind === 'weigh' && (
        <div className="modal-backdrop">
          <form className="modal" aria-label="称重" onSubmit={(e) => {
            e.preventDefault();
            const grams = parseKg(weight.current?.value ?? '');
            if (grams) { add(dialog.sku, { weightGrams: grams }); setDialog(null); }
          }}>
            <h3>{dialog.sku.name} ￥{yuan(dialog.sku.priceFen)}/kg</h3>
            <label>重量（kg）<input ref={weight} name="weight" autoFocus inputMode="decimal" /></label>
            <button className="primary" type="submit">加入</button>
            <button type="button" onClick={() => setDialog(null)}>取消</button>
          </form>
        </div>
      )}
    </div>
  );
}
