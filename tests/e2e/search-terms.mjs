// The search box's matching rules (themes/longform/static/search.js), without a browser, run by
// tests/testsuite/publish.rs: `node search-terms.mjs`. Each row is a query, a page's text, and
// whether the page matches (every term, each as written). Prints the rows that fail; exit status 1
// if any does.
import { termsOf } from "../../themes/longform/static/search.js";

const ROWS = [
  // Han, kana, Hangul, Thai: in sequence, never one character of the term alone.
  ["芬太尼", "亚太经合组织", false],
  ["太尼", "亚太，尼", true],
  ["太尼", "亚太。尼", false],
  ["太尼", "亚太. 尼", false],
  ["斐洛里", "在斐洛里庄园会晤", true],
  ["斐洛里", "斐 洛\n里", true],
  ["中美关系的五根支柱", "中美关系的“五根支柱”", true],
  ["战略性、历史性", "战略性历史性", true],
  ["東京タワー", "東京の東京タワーへ", true],
  ["タワー", "東京タワー", true],
  ["서울", "서울에서 만나", true],
  ["서울", "부산에서", false],
  ["ประเทศไทย", "ในประเทศไทยมี", true],
  ["ประเทศไทย", "ในประเทศลาว", false],
  // Several terms: all of them.
  ["芬太尼 禁毒", "禁毒合作", false],
  ["禁毒 合作", "禁毒合作", true],
  ["APEC 拜登", "拜登出席APEC", true],
  ["APEC 拜登", "APEC会议", false],
  // Latin beside Han, spaced or not; a word starts at a word's edge.
  ["APEC峰会", "本次APEC 峰会期间", true],
  ["峰会", "APEC峰会", true],
  ["EC期间", "本次APEC期间", false],
  // Words: any case; a word's start matches the rest of it (pagefind stems).
  ["apec", "APEC期间", true],
  ["pillar", "five pillars", true],
  ["illar", "five pillars", false],
  ["FIVE pillars", "the five pillars", true],
  ["cafe\u0301", "a café here", true],
  // Punctuation alone is no term.
  ["，", "", true],
];

let failed = 0;
for (const [query, text, expected] of ROWS) {
  const terms = termsOf(query);
  const matched = terms.every((t) => t.find.test(text));
  if (matched !== expected) {
    failed += 1;
    console.log(`FAIL ${JSON.stringify(query)} in ${JSON.stringify(text)}: ${matched}, expected ${expected}`);
  }
}
console.log(`${ROWS.length - failed} of ${ROWS.length} rows as expected`);
process.exit(failed ? 1 : 0);
