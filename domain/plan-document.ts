// Reading a 实施方案 (a plan document like the seed) for its structure, as such documents are
// written: the notice (文号, title, date), 二、创建目标, 三、主要任务 with its （一）categories and
// 1. 2. tasks (title up to the first 。, the rest its text), the KPI thresholds in the tasks' text
// (≥95%), the 一月一主题 list, 我们的节日 and the leading group in 四、工作措施. Pure: text in, an
// outline and what could not be read out; `civ plan draft` turns it into the 任务分解表.
import { FESTIVAL_IDS, FESTIVAL_NAMES, type FestivalId } from './calendar';

export interface OutlineKpi {
  name: string;
  min: number;
  unit: '%';
}

export interface OutlineTask {
  /** Two digits, "01": the task's number in the document's order. */
  id: string;
  category: number;
  title: string;
  description: string;
  kpis: OutlineKpi[];
  /** Where the task starts (1-based line or paragraph). */
  line: number;
}

export interface OutlineCategory {
  number: number;
  numeral: string;
  title: string;
}

export interface PlanOutline {
  organization?: string;
  year?: number;
  /** The plan's own title (无锡市…实施方案), its 文号 and date, and the notice that issued it. */
  document: { number?: string; title?: string; issuedOn?: string; notice?: string };
  goals?: string;
  categories: OutlineCategory[];
  tasks: OutlineTask[];
  themes: { month: number; title: string; label: string }[];
  /** The task whose text lists the monthly themes. */
  themeTask?: string;
  festivals: FestivalId[];
  /** The task whose text names the 我们的节日 series. */
  festivalTask?: string;
  volunteerMonth?: { month: number; title: string; task: string };
  leadingGroup: {
    /** "创建工作领导小组" */
    name?: string;
    /** Who leads it: "局长". */
    headTitle?: string;
    /** Who the deputy heads are: "各分管领导". */
    deputies?: string;
    members?: string;
    /** "创建工作领导小组办公室" */
    officeName?: string;
    /** What the office is attached to: "机关党委". */
    attachedTo?: string;
  };
  /** What could not be read or was read with a choice, one Chinese line each, in document order. */
  notes: string[];
}

/** A document as lines: a .txt file's lines, or a .docx's paragraphs. */
export interface DocumentText {
  lines: readonly string[];
  /** How a position is named in the notes: 行 for a text file, 段 for a Word document's paragraphs. */
  unit: '行' | '段';
  /**
   * Lines (0-based) that Word numbers itself: their number is not in their text, so they cannot be
   * read as the task they may be.
   */
  numbered?: ReadonlySet<number>;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

/** 一 → 1 … 十 → 10, 十一 → 11 … 十九 → 19; undefined for anything else. */
export function chineseNumeral(text: string): number | undefined {
  const i = NUMERALS.indexOf(text as (typeof NUMERALS)[number]);
  if (i >= 0) return i + 1;
  const m = /^十([一二三四五六七八九])$/.exec(text);
  return m ? 10 + NUMERALS.indexOf(m[1] as (typeof NUMERALS)[number]) + 1 : undefined;
}

export function numeralOf(n: number): string {
  return n <= 10 ? NUMERALS[n - 1] : `十${NUMERALS[n - 11]}`;
}

const SECTION = /^([一二三四五六七八九十]{1,2})[、.．]\s*(.+)$/;
const CATEGORY = /^[（(]([一二三四五六七八九十]{1,2})[）)]\s*(.+)$/;
const TASK = /^(\d{1,2})\s*[.．、]\s*(.+)$/;
const MAIN_TASKS = /主要任务|重点任务|工作任务|主要内容|重点工作|创建内容/;
const GOALS = /创建目标|工作目标|目标任务|总体目标/;
const MEASURES = /工作措施|保障措施|组织领导|工作要求|组织保障/;

interface Line {
  text: string;
  /** 1-based. */
  at: number;
}

/** Lines without surrounding spaces (ideographic ones too), blank lines dropped. */
function cleanLines(text: DocumentText): Line[] {
  return text.lines
    .map((raw, i) => ({ text: raw.replace(/^[\s\u3000\uFEFF]+|[\s\u3000]+$/g, ''), at: i + 1 }))
    .filter((l) => l.text !== '');
}

interface Section {
  number: number;
  title: string;
  heading: Line;
  body: Line[];
}

/** The document's top-level sections (一、… 二、…); what comes before the first is the preamble. */
function sections(lines: Line[]): { preamble: Line[]; sections: Section[] } {
  const preamble: Line[] = [];
  const out: Section[] = [];
  for (const line of lines) {
    const m = SECTION.exec(line.text);
    const number = m ? chineseNumeral(m[1]) : undefined;
    // A heading is short and numbered one past the last one (一 in a title would not do).
    if (m && number === out.length + 1 && m[2].length <= 40) {
      out.push({ number, title: m[2].replace(/[。：:]$/, ''), heading: line, body: [] });
    } else if (out.length) out[out.length - 1].body.push(line);
    else preamble.push(line);
  }
  return { preamble, sections: out };
}

const where = (text: DocumentText, line: Line) => `第${line.at}${text.unit}`;

/** Reads the outline of a plan document; never throws, every gap is a note. */
export function readPlanDocument(text: DocumentText): PlanOutline {
  const lines = cleanLines(text);
  const { preamble, sections: parts } = sections(lines);
  const outline: PlanOutline = {
    document: {},
    categories: [],
    tasks: [],
    themes: [],
    festivals: [],
    leadingGroup: {},
    notes: [],
  };
  readNotice(outline, preamble);
  const goals = parts.find((s) => GOALS.test(s.title));
  if (goals?.body.length) outline.goals = goals.body.map((l) => l.text).join('');
  else outline.notes.push('未找到“创建目标”一节：创建目标请在“方案信息”中填写。');
  const main = parts.find((s) => MAIN_TASKS.test(s.title));
  if (main) readTasks(outline, main, text);
  else
    outline.notes.push(
      `未找到“主要任务”一节（应为“${numeralOf(3)}、主要任务”之类的标题，其下为（一）（二）类别和1. 2. 任务）：任务请在“任务分解表”中填写。`,
    );
  const all = outline.tasks.map((t) => `${t.title}。${t.description}`).join('\n');
  readThemes(outline, all);
  readFestivals(outline, lines.map((l) => l.text).join('\n'));
  readVolunteerMonth(outline, lines.map((l) => l.text).join('\n'));
  const measures = parts.find((s) => MEASURES.test(s.title) && s !== main);
  readLeadingGroup(outline, measures, lines);
  return outline;
}

/** The notice before the plan's body: 文号, the 关于印发《…》的通知 title, the date, the unit and year. */
function readNotice(outline: PlanOutline, preamble: Line[]): void {
  const head = preamble.map((l) => l.text);
  const number = head
    .map((t) => /[\u4e00-\u9fa5]{1,16}[〔［[(（]\d{4}[〕］\])）]\s*\d{1,4}\s*号/.exec(t)?.[0])
    .find(Boolean);
  if (number) outline.document.number = number.replace(/\s+/g, '');
  else outline.notes.push('未找到发文字号（如“锡管党委〔2020〕6号”）：请在“方案信息”的“文号”中填写。');
  const title = head.find((t) => /^关于.+的通知$/.test(t));
  if (title) outline.document.notice = title;
  const date = head.map((t) => /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t)).find(Boolean);
  if (date) outline.document.issuedOn = `${date[1]}-${date[2].padStart(2, '0')}-${date[3].padStart(2, '0')}`;
  else outline.notes.push('未找到印发日期（如“2020年3月9日”单独成行）：请在“方案信息”中填写。');
  // The plan's own title names the unit and the year: 《无锡市机关事务管理局2020年深化…实施方案》,
  // in the notice's title or as the body's title (often over two lines).
  const end = head.findIndex((t) => /实施方案$/.test(t) && !t.includes('《'));
  const titled = (t: string) => /^(\D+?)(\d{4})年(.*实施方案)$/.exec(t);
  const named =
    /《(.+?)(\d{4})年(.*?实施方案)》/.exec(title ?? '') ??
    (end >= 0 ? (titled(head[end]) ?? (end > 0 ? titled(head[end - 1] + head[end]) : null)) : null);
  if (named) {
    outline.document.title = `${named[1]}${named[2]}年${named[3]}`;
    outline.organization = named[1];
    outline.year = Number(named[2]);
  } else outline.notes.push('未能从方案标题读出单位名称和年度：请在“方案信息”中填写。');
}

/** 三、主要任务: its categories and numbered tasks, every other line a note. */
function readTasks(outline: PlanOutline, main: Section, text: DocumentText): void {
  let category: OutlineCategory | undefined;
  let task: OutlineTask | undefined;
  const numbering: number[] = [];
  for (const line of main.body) {
    const c = CATEGORY.exec(line.text);
    const t = TASK.exec(line.text);
    if (c && chineseNumeral(c[1]) !== undefined) {
      category = { number: chineseNumeral(c[1])!, numeral: c[1], title: c[2].replace(/[。：:]$/, '') };
      outline.categories.push(category);
      task = undefined;
    } else if (t && category) {
      numbering.push(Number(t[1]));
      task = newTask(outline, category, t[2], line);
    } else if (text.numbered?.has(line.at - 1)) outline.notes.push(autoNumbered(text, line));
    else if (task) task.description += `\n${line.text}`;
    else outline.notes.push(`${where(text, line)}“${excerpt(line.text)}”：不在任何类别或任务下，未读入。`);
  }
  checkCategories(outline);
  checkNumbering(outline, numbering);
  for (const t of outline.tasks) readKpis(outline, t);
}

/** A paragraph Word numbers itself: said, never taken as part of the task above it. */
function autoNumbered(text: DocumentText, line: Line): string {
  return `${where(text, line)}“${excerpt(line.text)}”：是Word自动编号的段落，编号不在文字中，未读入。请在Word中“另存为”纯文本（.txt，编号随之写入文字）后再读取，或把编号改为手工输入。`;
}

function newTask(outline: PlanOutline, category: OutlineCategory, text: string, line: Line): OutlineTask {
  const stop = text.indexOf('。');
  const task: OutlineTask = {
    id: String(outline.tasks.length + 1).padStart(2, '0'),
    category: category.number,
    title: (stop >= 0 ? text.slice(0, stop) : text).trim(),
    description: stop >= 0 ? text.slice(stop + 1).trim() : '',
    kpis: [],
    line: line.at,
  };
  if (!task.description)
    outline.notes.push(`任务${task.id}“${excerpt(task.title)}”：只有标题，未读到具体内容，请在表中补写。`);
  outline.tasks.push(task);
  return task;
}

function checkCategories(outline: PlanOutline): void {
  outline.categories.forEach((c, i) => {
    if (c.number !== i + 1)
      outline.notes.push(`类别“（${c.numeral}）${excerpt(c.title)}”的序号与位置不符（第${i + 1}个类别）。`);
    if (!outline.tasks.some((t) => t.category === c.number))
      outline.notes.push(`类别“（${c.numeral}）${excerpt(c.title)}”下没有读到任务。`);
  });
}

/** Tasks are numbered through the document (1–16) or anew in each category: either is read. */
function checkNumbering(outline: PlanOutline, numbering: number[]): void {
  const through = numbering.every((n, i) => n === i + 1);
  if (through || !numbering.length) return;
  const restarting = outline.tasks.every((t, i) => {
    const before = outline.tasks.slice(0, i).filter((o) => o.category === t.category).length;
    return numbering[i] === before + 1;
  });
  outline.notes.push(
    restarting
      ? `任务在各类别内分别编号，已按全文顺序编为01—${outline.tasks[outline.tasks.length - 1].id}。`
      : `任务编号不连续（${numbering.join('、')}），已按全文顺序编为01—${outline.tasks[outline.tasks.length - 1].id}，请核对。`,
  );
}

const THRESHOLD =
  /([^，。；：、,;:]*?)(?:≥|>=|＞=|不低于|不少于|达到|达)\s*(\d+(?:\.\d+)?)\s*[%％](?:以上)?|([^，。；：、,;:]*?)(\d+(?:\.\d+)?)\s*[%％]以上/g;
const OTHER_THRESHOLD = /(?:≥|>=|不低于|不少于)\s*\d+(?:\.\d+)?\s*([^\d\s%％，。；、]{1,3})/g;

/** "法治宣传普及率≥95%" in a task's text, and any threshold that is not a percentage, as a note. */
export function readKpis(outline: Pick<PlanOutline, 'notes'>, task: OutlineTask): void {
  const text = `${task.title}。${task.description}`;
  for (const m of text.matchAll(THRESHOLD)) {
    const name = (m[1] ?? m[3] ?? '').replace(/^(?:确保|使|力争|实现|保证|并且|其中)/, '').trim();
    const min = Number(m[2] ?? m[4]);
    if (!name || min > 100)
      outline.notes.push(`任务${task.id}：“${m[0]}”读不出指标名称或数值，未列入考核指标。`);
    else task.kpis.push({ name, min, unit: '%' });
  }
  for (const m of text.matchAll(OTHER_THRESHOLD))
    outline.notes.push(
      `任务${task.id}：“${excerpt(m[0])}”以“${m[1]}”计，不是百分比指标，未列入考核指标（系统只核对百分比），仍保留在具体内容中。`,
    );
}

const THEME = /(\d{1,2})月\s*[“"「]([^”"」]{1,12})[”"」]\s*([\u4e00-\u9fa5]{1,6}?月)/g;

/** The 一月一主题 list: "1月“迎新送暖”启程月、2月…". */
function readThemes(outline: PlanOutline, tasksText: string): void {
  const themes = [...tasksText.matchAll(THEME)].map((m) => ({
    month: Number(m[1]),
    title: m[2],
    label: m[3],
  }));
  outline.themes = themes;
  const one = new RegExp(THEME.source);
  const owner = outline.tasks.find((t) => one.test(`${t.title}。${t.description}`));
  if (owner) outline.themeTask = owner.id;
  if (!themes.length) {
    outline.notes.push(
      '未找到“一月一主题”的月度主题（如“1月“迎新送暖”启程月”）：请在“一月一主题”表中填写12个月的主题。',
    );
    return;
  }
  const months = themes.map((t) => t.month);
  const inOrder = months.every((m, i) => m === i + 1);
  if (themes.length !== 12 || !inOrder)
    outline.notes.push(
      `“一月一主题”读到${themes.length}个月（${months.join('、')}月），应为1—12月各一个：请在“一月一主题”表中补齐。`,
    );
}

const OTHER_FESTIVALS = ['元宵', '七夕', '重阳', '元旦', '国庆'];

/** 我们的节日: the festivals named in the sentence that names the series. */
function readFestivals(outline: PlanOutline, all: string): void {
  const sentence = all.split(/[。\n]/).find((s) => s.includes('我们的节日'));
  if (!sentence) {
    outline.notes.push('未找到“我们的节日”：如开展节日活动，请在“我们的节日”表中填写。');
    return;
  }
  outline.festivals = FESTIVAL_IDS.filter((id) => sentence.includes(FESTIVAL_NAMES[id]));
  const owner = outline.tasks.find((t) => `${t.title}。${t.description}`.includes('我们的节日'));
  if (owner) outline.festivalTask = owner.id;
  const others = OTHER_FESTIVALS.filter((f) => sentence.includes(f));
  if (others.length)
    outline.notes.push(
      `“我们的节日”中的${others.join('、')}：系统目前只安排春节、清明、端午、中秋，未列入。`,
    );
  if (!outline.festivals.length) outline.notes.push('“我们的节日”一句中未读到春节、清明、端午或中秋。');
}

/** 第十八届学雷锋志愿服务活动月, and the task that carries it out. */
function readVolunteerMonth(outline: PlanOutline, all: string): void {
  const phrase = /(第[一二三四五六七八九十百]+届)?学雷锋志愿服务活动月/.exec(all);
  if (!phrase) {
    outline.notes.push('未找到“学雷锋志愿服务活动月”：请在“方案信息”中填写其月份、名称和对应任务。');
    return;
  }
  const task = outline.tasks.find((t) => `${t.title}。${t.description}`.includes(phrase[0]));
  const month = /(\d{1,2})月[^。]{0,10}学雷锋志愿服务活动月/.exec(all);
  if (!month)
    outline.notes.push(`“${phrase[0]}”：文中未写月份，按惯例定为3月（学雷锋纪念日3月5日所在月），请核对。`);
  if (!task) outline.notes.push(`“${phrase[0]}”：未找到开展它的任务，请在“方案信息”中填写对应任务的序号。`);
  else outline.volunteerMonth = { month: month ? Number(month[1]) : 3, title: phrase[0], task: task.id };
}

/** 成立由局长任组长，各分管领导任副组长，…为成员的创建工作领导小组，下设办公室（挂靠机关党委）. */
function readLeadingGroup(outline: PlanOutline, section: Section | undefined, lines: Line[]): void {
  const text = (section?.body ?? lines).map((l) => l.text).join('');
  const sentence = text.split('。').find((s) => s.includes('领导小组'));
  if (!sentence) {
    outline.notes.push(
      '未找到领导小组的组成（如“成立由局长任组长……的创建工作领导小组”）：请在“领导小组”表中填写。',
    );
    return;
  }
  const g = outline.leadingGroup;
  g.headTitle = /由(.+?)任组长/.exec(sentence)?.[1];
  g.deputies = /[，,]([^，,]+?)任副组长/.exec(sentence)?.[1];
  g.members = /[，,]([^，,]+?)为成员/.exec(sentence)?.[1];
  g.name = /的([\u4e00-\u9fa5]*领导小组)/.exec(sentence)?.[1];
  const office = /下设(?:办公室|([\u4e00-\u9fa5]+办公室))/.exec(sentence);
  if (office) g.officeName = office[1] ?? (g.name ? `${g.name}办公室` : '领导小组办公室');
  g.attachedTo = /挂靠(?:在)?([^）)，,。]+)/.exec(sentence)?.[1];
  if (!g.headTitle) outline.notes.push('领导小组：未读出由谁任组长，请在“领导小组”表中填写。');
  if (!g.officeName) outline.notes.push('领导小组：未读到下设办公室，请在“方案信息”中填写办公室名称和邮箱。');
}

/** The start of a long line, for a note. */
function excerpt(text: string, chars = 24): string {
  const all = Array.from(text);
  return all.length <= chars ? text : `${all.slice(0, chars).join('')}……`;
}
