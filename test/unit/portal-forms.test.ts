// What a request's own names may look up in the portal: a `?done=` value or a form field named
// after something every object inherits (`constructor`, `toString`, `__proto__`) is an unknown
// name like any other, never a property of Object.prototype shown on a page or read as a value.
import { fieldsOf, one, Refusal } from '../../portal/forms';
import { doneOutcome } from '../../portal/outcome';
import type { FastifyRequest } from 'fastify';

describe('names from the request', () => {
  test('?done= shows a notice only for a form the portal has', () => {
    expect(doneOutcome('report')).toEqual({ ok: '报送成功，办理情况已更新。' });
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'nope'])
      expect(doneOutcome(name)).toBeUndefined();
    expect(doneOutcome(undefined)).toBeUndefined();
  });

  test('a field the form did not send is empty, whatever its name', () => {
    const { fields } = fieldsOf({ body: { summary: '已完成' } } as unknown as FastifyRequest);
    expect(one(fields, 'summary')).toBe('已完成');
    for (const name of ['constructor', 'toString', '__proto__', 'comment'])
      expect(one(fields, name)).toBe('');
  });

  test('a field named __proto__ is a field, and changes no other', () => {
    const body = JSON.parse('{"__proto__": ["a", "b"], "constructor": "x"}') as unknown;
    const { fields } = fieldsOf({ body } as unknown as FastifyRequest);
    expect(Object.getPrototypeOf(fields)).not.toBe(Array.prototype);
    expect(one(fields, 'constructor')).toBe('x');
    expect(() => one(fields, '__proto__')).toThrow(Refusal);
    expect(one(fields, 'length')).toBe('');
  });
});
