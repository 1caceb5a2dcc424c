import ExcelJS from 'exceljs';

/**
 * A commune's list of `n` children as an .xlsx (the columns of the children import, Vietnamese text and
 * 12-digit ID numbers); without the "Giới tính" column when `sex` is false (the import then refuses it
 * after reading the whole sheet).
 */
export async function childrenWorkbook(n: number, options: { sex?: boolean } = {}): Promise<Buffer> {
  const sex = options.sex ?? true;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Họ và tên', 'Ngày sinh', ...(sex ? ['Giới tính'] : []), 'Nhóm', 'Địa chỉ', 'Người chăm sóc', 'Dân tộc', 'Số định danh']);
  for (let i = 0; i < n; i++)
    ws.addRow([`Nguyễn Thị Thử ${i}`, `0${(i % 9) + 1}/03/2015`, ...(sex ? [i % 2 ? 'Nam' : 'Nữ'] : []), 'mồ côi', `Thôn ${i % 30}, xã Quài Cang`, `Nguyễn Văn Bố ${i}`, 'Thái', String(100000000000 + i)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
