import { createContext, useContext } from 'react';
import { useI18n } from '../i18n/i18n';
import type { FacilityRef } from '../record/facility';

/** Facility names fetched for references that carry none (Organization id → name). */
export const FacilityNames = createContext<ReadonlyMap<string, string>>(new Map());

export function FacilityName({ facility }: { facility: FacilityRef | undefined }) {
  const names = useContext(FacilityNames);
  const { t } = useI18n();
  const name = facility?.name ?? (facility?.id ? names.get(facility.id) : undefined);
  return <span className="facility">{name ?? facility?.id ?? t('record.unknownFacility')}</span>;
}
