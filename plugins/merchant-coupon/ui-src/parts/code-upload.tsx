import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Space, Typography, Upload } from 'antd';
import { UPLOAD_BATCH, UPLOAD_CODE } from '../../src/upload-rule.ts';
import { chinaTime, problemOf, type CodeSummary, type Coupon, type PluginApi, type UploadResult } from './api.ts';

/** A code and the line of the text it is on, as the merchant sees it. */
interface Line { line: number; code: string }

/** Shown at most, so a file full of mistakes does not bury the panel. */
const SHOWN_ERRORS = 10;

/** A chosen file as codes one per line: a CSV's first cell of each row, unquoted; a text file as it is. */
function codesOfFile(name: string, content: string): string {
  if (!name.toLowerCase().endsWith('.csv')) return content;
  return content.split(/\r?\n/).map((row) => row.split(',')[0]!.trim().replace(/^"(.*)"$/, '$1')).join('\n');
}

/** The non-blank lines of the text, trimmed, numbered from 1. */
const linesOf = (text: string): Line[] => text.split(/\r?\n/).flatMap((raw, i) => (raw.trim() ? [{ line: i + 1, code: raw.trim() }] : []));

const lineError = (line: number, code: string, why: string) => `第 ${line} 行「${code}」：${why}`;

/**
 * 商户上传券码 (code mode upload): the merchant pastes codes or chooses a .txt/.csv file, checked
 * here by the API's own rule, and sends them in WeChat's batches. What did not go up stays in the
 * box, and each error names its line there.
 */
export function CodeUpload({ api, coupon }: { api: PluginApi; coupon: Coupon }) {
  const [summary, setSummary] = useState<CodeSummary | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(() => {
    api.get<CodeSummary>(`/coupons/${coupon.id}/codes`).then(setSummary, (failure: unknown) => setErrors([problemOf(failure).message]));
  }, [api, coupon.id]);
  useEffect(reload, [reload]);

  const upload = async () => {
    const lines = linesOf(text);
    const malformed = lines.filter(({ code }) => !UPLOAD_CODE.test(code));
    setNotice(null);
    if (malformed.length > 0) {
      setErrors(malformed.map(({ line, code }) => lineError(line, code, '券码为 1–32 位字母或数字')));
      return;
    }
    // A code twice in the text goes up once (the API would count it once too).
    const unique = [...new Set(lines.map(({ code }) => code))];
    const left: string[] = [];
    const why = new Map<string, string>();
    let uploaded = 0;
    let refusal: string | null = null;
    setBusy(true);
    for (let start = 0; start < unique.length; start += UPLOAD_BATCH) {
      const batch = unique.slice(start, start + UPLOAD_BATCH);
      try {
        const result = await api.post<UploadResult>(`/coupons/${coupon.id}/codes`, { codes: batch });
        uploaded += result.uploaded;
        for (const failure of result.failed) {
          left.push(failure.code);
          why.set(failure.code, `微信未接受：${failure.message}`);
        }
      } catch (error) {
        // The batch that failed and those after it stay for another try; the API names the code at fault.
        const problem = problemOf(error);
        const at = /^codes\.(\d+)$/.exec(problem.field ?? '');
        left.push(...unique.slice(start));
        if (at) why.set(batch[Number(at[1])]!, problem.message);
        else refusal = problem.message;
        break;
      }
    }
    setBusy(false);
    setText(left.join('\n'));
    setErrors([...(refusal ? [refusal] : []), ...left.flatMap((code, i) => (why.has(code) ? [lineError(i + 1, code, why.get(code)!)] : []))]);
    const repeated = lines.length - unique.length;
    setNotice(`已上传 ${uploaded} 个券码${repeated > 0 ? `，重复的 ${repeated} 个已忽略` : ''}${left.length > 0 ? `；未上传的 ${left.length} 个留在框中` : ''}`);
    reload();
  };

  const closed = coupon.state === 'creating' || coupon.state === 'stopped';
  return (
    <Card size="small" title="商户上传券码" style={{ marginBottom: 16 }} data-testid="code-upload">
      <Descriptions size="small" column={3}>
        <Descriptions.Item label="已上传">{summary?.total ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="已领取">{summary?.claimed ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="已核销">{summary?.used ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="未发放">{summary?.unused ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="可领取">{summary?.budgetLeft ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="最近上传">{chinaTime(summary?.lastUploadAt ?? null)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        每行一个券码（1–32 位字母或数字），微信发券时从中随机选取；可领取数量不超过已上传的券码。
      </Typography.Paragraph>
      <Input.TextArea rows={6} value={text} onChange={(event) => setText(event.target.value)} disabled={closed || busy}
        placeholder={'SHOP0001\nSHOP0002'} aria-label="券码" />
      {notice ? <Alert type={errors.length > 0 ? 'warning' : 'success'} message={notice} style={{ marginTop: 8 }} data-testid="code-upload-notice" /> : null}
      {errors.length > 0 ? (
        <Alert type="error" style={{ marginTop: 8 }} data-testid="code-upload-errors" message={(
          <>
            {errors.slice(0, SHOWN_ERRORS).map((error) => <div key={error}>{error}</div>)}
            {errors.length > SHOWN_ERRORS ? <div>另有 {errors.length - SHOWN_ERRORS} 处</div> : null}
          </>
        )} />
      ) : null}
      <Space style={{ marginTop: 8 }}>
        <Upload accept=".txt,.csv" showUploadList={false} disabled={closed || busy}
          beforeUpload={(file) => { void file.text().then((content) => setText(codesOfFile(file.name, content))); return false; }}>
          <Button disabled={closed || busy}>选择文件（.txt / .csv）</Button>
        </Upload>
        <Button type="primary" loading={busy} disabled={closed || !text.trim()} onClick={() => { void upload(); }}>上传券码</Button>
      </Space>
    </Card>
  );
}
