import { MAX_SUBJECT_IDS, subjectIdsHeader } from './subject-ids-header';

describe('the x-beacon-subject-ids header', () => {
  it('given subjects with repeats and gaps, then each once, in first-seen order', () => {
    expect(subjectIdsHeader(['b', null, 'a', 'b', undefined])).toEqual({ value: 'b,a', truncated: false });
    expect(subjectIdsHeader([])).toEqual({ value: '', truncated: false });
  });

  it('given more subjects than the bound, or ids that could break a header, then they are left out and it says so', () => {
    const many = Array.from({ length: MAX_SUBJECT_IDS + 5 }, (_, i) => `s-${i}`);
    const header = subjectIdsHeader(many);
    expect(header.value.split(',')).toHaveLength(MAX_SUBJECT_IDS);
    expect(header.truncated).toBe(true);
    expect(subjectIdsHeader(['a,b', 'x\r\nset-cookie: y', 'ok'])).toEqual({ value: 'ok', truncated: true });
  });
});
