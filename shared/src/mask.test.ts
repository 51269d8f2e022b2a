import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAccountNo, maskAddress, maskIdNumber, maskName, maskPhone } from './mask';

describe('maskName', () => {
  it('keeps only the first and last character', () => {
    expect(maskName('张建明')).toBe('张*明');
    expect(maskName('欧阳建明')).toBe('欧**明');
    expect(maskName('张明')).toBe('张*');
    expect(maskName('张')).toBe('*');
  });

  it('never returns a name of two or more characters unmasked', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 2, maxLength: 12 }), (name) => {
        // a name that already ends in the mask character would look unchanged
        fc.pre(name.trim().length >= 2 && !name.includes('*'));
        expect(maskName(name)).not.toBe(name.trim());
        expect(maskName(name)).toContain('*');
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('shows only the first digit and the check digit of an ID-card number', () => {
    expect(maskIdNumber('110101195501011234')).toBe('1****************4');
    expect(maskIdNumber('31010119480303432X')).toBe('3****************X');
  });

  it('hides the region, the birth date and the sequence of any 18-digit number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(1, 17)).toBe('*'.repeat(16));
        expect(masked.replace(/\*/g, '')).toBe(`${id[0] ?? ''}${id[17] ?? ''}`);
      }),
    );
  });
});

describe('maskAccountNo', () => {
  it('keeps only the last four digits', () => {
    expect(maskAccountNo('1000000001')).toBe('******0001');
    expect(maskAccountNo('1234')).toBe('****');
  });

  it('never shows more than the last four digits of an account number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6,20}$/), (accountNo) => {
        const masked = maskAccountNo(accountNo);
        expect(masked).toHaveLength(accountNo.length);
        expect(masked.slice(0, -4)).toBe('*'.repeat(accountNo.length - 4));
        expect(masked.slice(-4)).toBe(accountNo.slice(-4));
      }),
    );
  });
});

describe('maskPhone', () => {
  it('shows the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('139-0013-9000')).toBe('139****9000');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('always hides the middle four digits of a mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        expect(maskPhone(phone).slice(3, 7)).toBe('****');
      }),
    );
  });
});

describe('maskAddress', () => {
  it('cuts an address to its district', () => {
    expect(maskAddress('北京市东城区东华门街道南池子大街12号')).toBe('北京市东城区****');
    expect(maskAddress('上海市浦东新区世纪大道100号')).toBe('上海市浦东新区****');
    expect(maskAddress('浙江省杭州市西湖区文三路90号')).toBe('浙江省杭州市西湖区****');
    expect(maskAddress('河北省承德市平泉县某某村5组')).toBe('河北省承德市平泉县****');
  });

  it('keeps nothing of the street when no district can be told', () => {
    expect(maskAddress('上海市阳光小区3号楼')).toBe('上海市****');
    expect(maskAddress('人民路100号')).toBe('****');
    expect(maskAddress('幸福里88号201室')).toBe('****');
  });

  it('never shows a house number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('北京市', '上海市', '广东省广州市', ''),
        fc.constantFrom('东城区', '浦东新区', '天河区', ''),
        fc.string({ unit: fc.constantFrom('路', '街', '小', '区', '号', '楼', '1', '2', '幸', '福'), maxLength: 12 }),
        (city, district, street) => {
          expect(maskAddress(`${city}${district}${street}`)).not.toMatch(/\d/);
        },
      ),
    );
  });
});
