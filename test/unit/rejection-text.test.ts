// The portal says every rejection in Chinese, beside the input of the posted form it concerns.
import { REJECTION_CODES, rejection } from '../../domain/rejections';
import { refusalField, refusalText } from '../../portal/rejection-text';

const HAN = /[\u4e00-\u9fff]/;

test.each(REJECTION_CODES)('%s has a Chinese text', (code) => {
  const text = refusalText({ rejection: rejection(code, {} as never), message: 'English' });
  expect(text).toMatch(HAN);
  expect(text).not.toMatch(/[A-Za-z]|undefined/);
  expect(text).toMatch(/。$/);
});

test('a malformed change of lead names the input that is wrong', () => {
  const text = (field: string) =>
    refusalText({
      rejection: rejection('malformed', { input: 'change of lead', issue: 'x' }, field),
      message: '',
    });
  expect(text('lead.email')).toBe('请填写正确的电子邮箱地址。');
  expect(text('lead.name')).toBe('请填写负责人姓名（不含特殊字符）。');
  expect(text('branch')).toBe('提交的内容格式不正确。');
});

test('a failure without a rejection keeps the workflow’s words', () => {
  expect(refusalText({ message: 'worker gone' })).toBe('未能办理：worker gone');
});

test('a refusal is shown beside the input of the posted form it concerns, else above the form', () => {
  const at = (field: string | undefined) => ({
    rejection: rejection('due-date-in-past', { date: '2020-01-01' }, field),
    message: '',
  });
  expect(refusalField(at('newDue'), 'decide')).toBe('newDue');
  expect(refusalField(at('newDue'), 'extend')).toBe('extendTo');
  expect(refusalField(at('reason'), 'extend')).toBe('reason');
  expect(refusalField(at('overrideReason'), 'decide')).toBe('override');
  expect(refusalField(at('kpis.law-awareness'), 'report')).toBe('kpi-law-awareness');
  expect(refusalField(at('summary'), 'report')).toBe('summary');
  // Fields the form has no input for: above the form.
  expect(refusalField(at('actor'), 'report')).toBeUndefined();
  expect(refusalField(at('kpis.law-awareness'), 'decide')).toBeUndefined();
  expect(refusalField(at('constructor'), 'decide')).toBeUndefined();
  expect(refusalField(at(undefined), 'decide')).toBeUndefined();
  expect(refusalField({ message: 'no rejection' }, 'report')).toBeUndefined();
});
