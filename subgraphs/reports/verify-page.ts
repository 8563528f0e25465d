import { chinaDateTime } from '../kit/time.js';
import { escapeHtml } from './render-html.js';
import type { SigningKey } from './signing.js';
import type { Verification } from './verify.js';

function verdict(number: string, result: Verification | null): string {
  if (!number) return '';
  if (!result || !result.found) return `<p class="bad" id="verdict">报告编号 ${escapeHtml(number)} 不存在：该报告不是本平台出具的。</p>`;
  if (!result.authentic) return `<p class="bad" id="verdict">报告 ${escapeHtml(number)} 的签名无法验证：内容已被改动。</p>`;
  const who = result.subjectName
    ? `，主体：${escapeHtml(result.subjectName)}${result.subjectCode ? `（${escapeHtml(result.subjectCode)}）` : ''}`
    : '';
  const edition =
    result.audience === 'SPECIAL'
      ? `专项信用报告（${escapeHtml(result.specialScope ?? '')}）`
      : result.audience === 'PUBLIC'
        ? '公开版'
        : result.subjectName
          ? '主体完整版'
          : '本人版';
  return `<p class="good" id="verdict">报告 ${escapeHtml(number)} 真实有效：由本平台于 ${chinaDateTime(result.issuedAt!.toISOString())}（北京时间）出具${who}，${edition}。</p>${superseded(result)}`;
}

// An older number stays authentic for its time and says that a newer report exists.
function superseded(result: Verification): string {
  if (!result.superseded) return '';
  const which =
    result.latestNumber && result.latestIssuedAt
      ? `（编号 ${escapeHtml(result.latestNumber)}，${chinaDateTime(result.latestIssuedAt.toISOString())} 出具）`
      : '';
  return `<p class="bad" id="superseded">该报告反映出具时的信用信息；此后信用信息已有变化或已过出具当日，本平台已出具更新的报告${which}，请以最新报告为准。</p>`;
}

/** 验真: the number alone says whether the platform issued the report and when; a file upload says whether that copy was altered. */
export function verificationPage(number: string, result: Verification | null, key: SigningKey): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>公共信用信息报告验真</title>
<style>
@font-face { font-family: "Noto Sans SC Report"; src: url("/reports/assets/NotoSansHans-Regular.otf") format("opentype"); }
body { font-family: "Noto Sans SC Report", sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.6; }
.good { color: #0a5; font-weight: bold; } .bad { color: #c00; font-weight: bold; } label { display: block; margin: .8rem 0 .2rem; }
code { word-break: break-all; font-size: .8rem; }
</style></head>
<body>
<h1>公共信用信息报告验真</h1>
<form method="get" action="/reports/verify">
<label for="number">报告编号</label><input id="number" name="number" value="${escapeHtml(number)}" size="28" required>
<button type="submit">查验</button>
</form>
${verdict(number, result)}
<form id="upload">
<label for="file">上传报告文件（PDF 或 HTML），核对是否被篡改</label><input type="file" id="file" accept=".pdf,.html,application/pdf,text/html" required>
<button type="submit">核对文件</button>
</form>
<p id="file-verdict"></p>
<p>离线核验：报告 PDF 内附签名原文 report.json 与签名 report.sig，可用平台公钥（<a href="/.well-known/credit-report-key.pem">/.well-known/credit-report-key.pem</a>，密钥标识 ${escapeHtml(key.keyId)}）以 Ed25519 验证签名，并须核对 PDF 页面的文字与签名原文完全一致（<code>npm run verify-report -- 报告.pdf --key key.pem</code>）：只验证附件的签名，不能证明页面未被篡改。</p>
<script>
document.getElementById('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  const out = document.getElementById('file-verdict');
  const number = document.getElementById('number').value.trim().toUpperCase();
  const file = document.getElementById('file').files[0];
  if (!number || !file) { out.textContent = '请先填写报告编号并选择文件。'; return; }
  const response = await fetch('/reports/verify?number=' + encodeURIComponent(number), { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file });
  const result = await response.json();
  out.className = result.unaltered ? 'good' : 'bad';
  out.textContent = !result.found ? '报告编号不存在。'
    : result.unaltered ? (result.identical ? '文件与平台出具的报告完全一致，未被篡改。' : '文件内容与平台签名的报告一致（例如由浏览器打印），未被篡改。')
    : '文件内容与平台出具的报告不一致：已被篡改' + (result.difference ? '（首处不符：' + result.difference.description + '）' : result.readable === false ? '（文件无法读取）' : '') + '。';
});
</script>
</body></html>
`;
}
