import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/vi';
import { Empty } from '../../components/states';
import { Section } from '../../components/section';

export interface Column<R> {
  header: MessageKey;
  cell: (row: R) => ReactNode;
  className?: string;
}

/**
 * A part of the record that is a list: its heading, the empty state written
 * for that part, or a table whose columns say what each row shows.
 */
export function SectionTable<R>({
  id,
  title,
  empty,
  rows,
  rowKey,
  columns,
}: {
  id: string;
  title: MessageKey;
  empty: MessageKey;
  rows: R[];
  rowKey: (row: R) => string;
  columns: Column<R>[];
}) {
  const { t } = useI18n();
  return (
    <Section id={id} title={t(title)}>
      {rows.length === 0 ? (
        <Empty>{t(empty)}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col">
                    {t(c.header)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) => (
                    <td key={c.header} {...(c.className ? { className: c.className } : {})}>
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
