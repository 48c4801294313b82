// How the emails (and the portal) name a task, its category and its dates, in Chinese.
import { formatChineseDate } from '../calendar';
import type { ItemRef } from '../notification';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** `2020-12-15` → `2020年12月15日（星期二）`; throws like formatChineseDate on anything but YYYY-MM-DD. */
export function formatChineseDateWithWeekday(iso: string): string {
  const text = formatChineseDate(iso);
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${text}（星期${WEEKDAYS[weekday]}）`;
}

/** 1 → 一, 5 → 五 (the plan has at most a handful of categories). */
function chineseNumeral(n: number): string {
  if (n >= 0 && n <= 10) return NUMERALS[n];
  if (n > 10 && n < 20) return `十${NUMERALS[n - 10]}`;
  return String(n);
}

/**
 * `（一）强化思想引领，推动理论武装走深走实`, as the seed heads its categories; a title stored the
 * older way (`第一类：…`, in definitions of running tasks) is written the same.
 */
export function formatCategory(task: Pick<ItemRef, 'category' | 'categoryTitle'>): string {
  const title = task.categoryTitle.trim();
  const older = /^第(.+?)类[：:]\s*(.*)$/.exec(title);
  if (older) return `（${older[1]}）${older[2]}`;
  if (/^（.+?）/.test(title)) return title;
  return `（${chineseNumeral(task.category)}）${title}`;
}

/**
 * The subject's label: `2020年文明单位创建第5项任务：积极开展普法知识教育`, `2020年“一月一主题”3月：
 * “学习雷锋”榜样月主题活动`, `2020年“我们的节日·端午”主题活动`.
 */
export function taskLabel(task: Pick<ItemRef, 'year' | 'id' | 'title' | 'kind'>): string {
  if (task.kind === 'theme') return `${task.year}年“一月一主题”${Number(task.id)}月：${task.title}`;
  if (task.kind === 'festival') return `${task.year}年${task.title}`;
  const carried = carriedFrom(task);
  if (carried)
    return `${task.year}年文明单位创建结转任务（${carried.year}年第${Number(task.id)}项）：${carried.title}`;
  return `${task.year}年文明单位创建第${Number(task.id)}项任务：${task.title}`;
}

/**
 * A task carried over from the year before (its title `（2020年结转）…`, as the rollover names it):
 * the year it belongs to and its own title. Its number is that year's, not the new year's, whose
 * 第5项 is another task.
 */
function carriedFrom(task: Pick<ItemRef, 'title'>): { year: number; title: string } | undefined {
  const match = /^（(\d{4})年结转）(.+)$/.exec(task.title);
  return match ? { year: Number(match[1]), title: match[2] } : undefined;
}

/** 任务编号: `2020年第5项`; a carried task `2020年第5项（结转至2021年）`; `noun` after 项 (任务). */
export function taskNumber(task: Pick<ItemRef, 'year' | 'id' | 'title'>, noun = ''): string {
  const carried = carriedFrom(task);
  return carried
    ? `${carried.year}年第${Number(task.id)}项${noun}（结转至${task.year}年）`
    : `${task.year}年第${Number(task.id)}项${noun}`;
}

/** Quoted as Chinese text nests quotes: outer “”, and the quotes inside it ‘’. */
export function quoted(text: string): string {
  return `“${text.replace(/“/g, '‘').replace(/”/g, '’')}”`;
}

/** How a sentence names the item: 任务“深化‘争当领跑先锋’行动”, or the activity's own title. */
export function itemName(task: Pick<ItemRef, 'title' | 'kind'>): string {
  return (task.kind ?? 'task') === 'task' ? `任务${quoted(task.title)}` : task.title;
}

/** 任务 or 活动, as a sentence refers back to the item. */
export function noun(task: Pick<ItemRef, 'kind'>): string {
  return (task.kind ?? 'task') === 'task' ? '任务' : '活动';
}
