import { change, envelope, files, goodVisit, rebalance } from '../../packages/xml130/src/test-fixtures.js';

/**
 * The hand-written XML 130 visit under its own MA_LK, and the same visit as
 * an amended file re-sends it without its second drug line: importing the
 * first then the second removes the one resource that line had made.
 */
export function visitAndAmendedWithoutDrugLine(maLk: string): { original: string; amended: string } {
  const visit = change(goodVisit(), { XML1: { MA_LK: maLk } });
  for (const t of ['XML2', 'XML3', 'XML4', 'XML5', 'XML13', 'XML14'] as const) {
    for (const row of visit[t]) row.MA_LK = maLk;
  }
  const amended = rebalance({ ...visit, XML2: visit.XML2.slice(0, 1) });
  return { original: envelope([files(visit)]), amended: envelope([files(amended)]) };
}
