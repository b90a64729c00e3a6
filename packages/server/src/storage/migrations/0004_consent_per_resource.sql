-- A patient may have several denying Consents: one restriction row per
-- Consent, so withdrawing one leaves the others in force.
ALTER TABLE consent_restriction DROP CONSTRAINT consent_restriction_pkey;
ALTER TABLE consent_restriction ADD PRIMARY KEY (consent_id);
CREATE INDEX consent_restriction_patient ON consent_restriction (patient_id);
