import type { Drug } from './model.js';
import { Random } from './random.js';

/**
 * About sixty drugs that Vietnamese commune stations, hospitals and retail
 * pharmacies dispense every day, with the fields XML 130 (table 2) and the
 * pharmacy reports carry.
 *
 * - `code` (MA_THUOC) is written in the "40.<item>" style of the active-ingredient
 *   codes of the national reimbursement list (the item number of Circular
 *   40/2014/TT-BYT, kept by later lists). The item numbers here are plausible,
 *   NOT verified against the list: treat them as synthetic. Strengths of the same
 *   ingredient and route share a code, as they do in real files — so a drug is
 *   identified by its `name`, not by its code.
 * - `registration` (SO_DANG_KY) numbers are synthetic: "VD-xxxxx-yy" for
 *   domestic products, "VN-xxxxx-yy" for imported ones, drawn from a fixed seed.
 * - ATC codes are real WHO codes (a group code where no single substance fits).
 * - Prices are in đồng per dispensing unit, in the range of provincial tenders.
 */

type Controlled = 'narcotic' | 'psychotropic';

interface Row {
  code: string;
  name: string;
  ingredient: string;
  strength: string;
  unit: string;
  route: string;
  atc?: string;
  rx: boolean;
  antibiotic?: boolean;
  price: number;
  imported?: boolean;
  controlled?: Controlled;
}

const ORAL = 'Uống';
const IV = 'Tiêm tĩnh mạch';
const IM = 'Tiêm bắp';
const SC = 'Tiêm dưới da';
const INFUSION = 'Tiêm truyền';
const INHALED = 'Hít';
const TOPICAL = 'Dùng ngoài';
const EYE = 'Nhỏ mắt';

// prettier-ignore
const ROWS: Row[] = [
  // Pain and fever
  { code: '40.48', name: 'Paracetamol 500mg', ingredient: 'Paracetamol', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'N02BE01', rx: false, price: 250 },
  { code: '40.48', name: 'Paracetamol 250mg', ingredient: 'Paracetamol', strength: '250mg', unit: 'Gói', route: ORAL, atc: 'N02BE01', rx: false, price: 1_200 },
  { code: '40.48', name: 'Paracetamol 1g/100ml', ingredient: 'Paracetamol', strength: '1g/100ml', unit: 'Chai', route: INFUSION, atc: 'N02BE01', rx: true, price: 22_000 },
  { code: '40.35', name: 'Ibuprofen 400mg', ingredient: 'Ibuprofen', strength: '400mg', unit: 'Viên', route: ORAL, atc: 'M01AE01', rx: false, price: 600 },
  { code: '40.30', name: 'Diclofenac 50mg', ingredient: 'Diclofenac natri', strength: '50mg', unit: 'Viên', route: ORAL, atc: 'M01AB05', rx: true, price: 300 },
  { code: '40.40', name: 'Meloxicam 7,5mg', ingredient: 'Meloxicam', strength: '7,5mg', unit: 'Viên', route: ORAL, atc: 'M01AC06', rx: true, price: 450 },
  { code: '40.58', name: 'Glucosamin 500mg', ingredient: 'Glucosamin sulfat', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'M01AX05', rx: false, price: 1_500 },
  { code: '40.377', name: 'Eperison 50mg', ingredient: 'Eperison hydroclorid', strength: '50mg', unit: 'Viên', route: ORAL, atc: 'M03BX09', rx: true, price: 1_100 },
  { code: '40.43', name: 'Morphin 10mg/1ml', ingredient: 'Morphin hydroclorid', strength: '10mg/1ml', unit: 'Ống', route: IV, atc: 'N02AA01', rx: true, price: 6_500, controlled: 'narcotic' },
  // Antibiotics
  { code: '40.153', name: 'Amoxicilin 500mg', ingredient: 'Amoxicilin', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'J01CA04', rx: true, antibiotic: true, price: 750 },
  { code: '40.153', name: 'Amoxicilin 250mg', ingredient: 'Amoxicilin', strength: '250mg', unit: 'Gói', route: ORAL, atc: 'J01CA04', rx: true, antibiotic: true, price: 1_300 },
  { code: '40.154', name: 'Amoxicilin + Acid clavulanic 625mg', ingredient: 'Amoxicilin + Acid clavulanic', strength: '500mg + 125mg', unit: 'Viên', route: ORAL, atc: 'J01CR02', rx: true, antibiotic: true, price: 3_900 },
  { code: '40.171', name: 'Cefuroxim 500mg', ingredient: 'Cefuroxim', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'J01DC02', rx: true, antibiotic: true, price: 3_500 },
  { code: '40.167', name: 'Cefixim 200mg', ingredient: 'Cefixim', strength: '200mg', unit: 'Viên', route: ORAL, atc: 'J01DD08', rx: true, antibiotic: true, price: 2_400 },
  { code: '40.160', name: 'Cefalexin 500mg', ingredient: 'Cefalexin', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'J01DB01', rx: true, antibiotic: true, price: 1_100 },
  { code: '40.169', name: 'Ceftriaxon 1g', ingredient: 'Ceftriaxon', strength: '1g', unit: 'Lọ', route: IV, atc: 'J01DD04', rx: true, antibiotic: true, price: 16_500 },
  { code: '40.166', name: 'Cefotaxim 1g', ingredient: 'Cefotaxim', strength: '1g', unit: 'Lọ', route: IV, atc: 'J01DD01', rx: true, antibiotic: true, price: 9_800 },
  { code: '40.190', name: 'Azithromycin 500mg', ingredient: 'Azithromycin', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'J01FA10', rx: true, antibiotic: true, price: 4_200 },
  { code: '40.191', name: 'Clarithromycin 500mg', ingredient: 'Clarithromycin', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'J01FA09', rx: true, antibiotic: true, price: 3_600 },
  { code: '40.203', name: 'Ciprofloxacin 500mg', ingredient: 'Ciprofloxacin', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'J01MA02', rx: true, antibiotic: true, price: 700 },
  { code: '40.205', name: 'Levofloxacin 500mg', ingredient: 'Levofloxacin', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'J01MA12', rx: true, antibiotic: true, price: 2_100 },
  { code: '40.216', name: 'Metronidazol 250mg', ingredient: 'Metronidazol', strength: '250mg', unit: 'Viên', route: ORAL, atc: 'P01AB01', rx: true, antibiotic: true, price: 200 },
  { code: '40.210', name: 'Doxycyclin 100mg', ingredient: 'Doxycyclin', strength: '100mg', unit: 'Viên', route: ORAL, atc: 'J01AA02', rx: true, antibiotic: true, price: 450 },
  { code: '40.212', name: 'Sulfamethoxazol + Trimethoprim 480mg', ingredient: 'Sulfamethoxazol + Trimethoprim', strength: '400mg + 80mg', unit: 'Viên', route: ORAL, atc: 'J01EE01', rx: true, antibiotic: true, price: 350 },
  { code: '40.243', name: 'Rifampicin + Isoniazid 150mg/75mg', ingredient: 'Rifampicin + Isoniazid', strength: '150mg + 75mg', unit: 'Viên', route: ORAL, atc: 'J04AM02', rx: true, antibiotic: true, price: 1_600 },
  { code: '40.259', name: 'Aciclovir 800mg', ingredient: 'Aciclovir', strength: '800mg', unit: 'Viên', route: ORAL, atc: 'J05AB01', rx: true, price: 2_300 },
  { code: '40.780', name: 'Tobramycin 0,3% 5ml', ingredient: 'Tobramycin', strength: '0,3%', unit: 'Lọ', route: EYE, atc: 'S01AA12', rx: true, antibiotic: true, price: 38_000, imported: true },
  // Cardiovascular
  { code: '40.435', name: 'Amlodipin 5mg', ingredient: 'Amlodipin', strength: '5mg', unit: 'Viên', route: ORAL, atc: 'C08CA01', rx: true, price: 220 },
  { code: '40.468', name: 'Losartan 50mg', ingredient: 'Losartan kali', strength: '50mg', unit: 'Viên', route: ORAL, atc: 'C09CA01', rx: true, price: 650 },
  { code: '40.452', name: 'Enalapril 5mg', ingredient: 'Enalapril maleat', strength: '5mg', unit: 'Viên', route: ORAL, atc: 'C09AA02', rx: true, price: 300 },
  { code: '40.474', name: 'Perindopril 5mg', ingredient: 'Perindopril', strength: '5mg', unit: 'Viên', route: ORAL, atc: 'C09AA04', rx: true, price: 1_900 },
  { code: '40.440', name: 'Bisoprolol 2,5mg', ingredient: 'Bisoprolol fumarat', strength: '2,5mg', unit: 'Viên', route: ORAL, atc: 'C07AB07', rx: true, price: 550 },
  { code: '40.458', name: 'Hydroclorothiazid 25mg', ingredient: 'Hydroclorothiazid', strength: '25mg', unit: 'Viên', route: ORAL, atc: 'C03AA03', rx: true, price: 180 },
  { code: '40.471', name: 'Nifedipin 20mg', ingredient: 'Nifedipin', strength: '20mg', unit: 'Viên', route: ORAL, atc: 'C08CA05', rx: true, price: 400 },
  { code: '40.489', name: 'Atorvastatin 20mg', ingredient: 'Atorvastatin', strength: '20mg', unit: 'Viên', route: ORAL, atc: 'C10AA05', rx: true, price: 800 },
  { code: '40.497', name: 'Rosuvastatin 10mg', ingredient: 'Rosuvastatin', strength: '10mg', unit: 'Viên', route: ORAL, atc: 'C10AA07', rx: true, price: 1_400 },
  { code: '40.426', name: 'Aspirin 81mg', ingredient: 'Acid acetylsalicylic', strength: '81mg', unit: 'Viên', route: ORAL, atc: 'B01AC06', rx: false, price: 200 },
  { code: '40.445', name: 'Clopidogrel 75mg', ingredient: 'Clopidogrel', strength: '75mg', unit: 'Viên', route: ORAL, atc: 'B01AC04', rx: true, price: 1_200 },
  // Diabetes
  { code: '40.714', name: 'Metformin 850mg', ingredient: 'Metformin hydroclorid', strength: '850mg', unit: 'Viên', route: ORAL, atc: 'A10BA02', rx: true, price: 480 },
  { code: '40.714', name: 'Metformin 500mg', ingredient: 'Metformin hydroclorid', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'A10BA02', rx: true, price: 320 },
  { code: '40.706', name: 'Gliclazid 30mg', ingredient: 'Gliclazid', strength: '30mg', unit: 'Viên', route: ORAL, atc: 'A10BB09', rx: true, price: 900 },
  { code: '40.708', name: 'Glimepirid 2mg', ingredient: 'Glimepirid', strength: '2mg', unit: 'Viên', route: ORAL, atc: 'A10BB12', rx: true, price: 700 },
  { code: '40.711', name: 'Insulin người trộn 30/70 100IU/ml 10ml', ingredient: 'Insulin người (30/70)', strength: '100IU/ml', unit: 'Lọ', route: SC, atc: 'A10AD01', rx: true, price: 96_000, imported: true },
  // Stomach and gut
  { code: '40.653', name: 'Omeprazol 20mg', ingredient: 'Omeprazol', strength: '20mg', unit: 'Viên', route: ORAL, atc: 'A02BC01', rx: true, price: 380 },
  { code: '40.644', name: 'Esomeprazol 40mg', ingredient: 'Esomeprazol', strength: '40mg', unit: 'Viên', route: ORAL, atc: 'A02BC05', rx: true, price: 1_800 },
  { code: '40.641', name: 'Domperidon 10mg', ingredient: 'Domperidon', strength: '10mg', unit: 'Viên', route: ORAL, atc: 'A03FA03', rx: true, price: 250 },
  { code: '40.627', name: 'Nhôm hydroxyd + Magnesi hydroxyd', ingredient: 'Nhôm hydroxyd + Magnesi hydroxyd', strength: '400mg + 800mg', unit: 'Gói', route: ORAL, atc: 'A02AD01', rx: false, price: 2_900 },
  { code: '40.630', name: 'Alverin citrat 40mg', ingredient: 'Alverin citrat', strength: '40mg', unit: 'Viên', route: ORAL, atc: 'A03AX08', rx: false, price: 300 },
  { code: '40.1034', name: 'Oresol 245', ingredient: 'Natri clorid + Kali clorid + Natri citrat + Glucose', strength: '4,1g', unit: 'Gói', route: ORAL, atc: 'A07CA', rx: false, price: 1_500 },
  { code: '40.642', name: 'Diosmectit 3g', ingredient: 'Diosmectit', strength: '3g', unit: 'Gói', route: ORAL, atc: 'A07BC05', rx: false, price: 3_200 },
  { code: '40.651', name: 'Loperamid 2mg', ingredient: 'Loperamid', strength: '2mg', unit: 'Viên', route: ORAL, atc: 'A07DA03', rx: false, price: 200 },
  { code: '40.677', name: 'Bacillus clausii 2 tỷ bào tử', ingredient: 'Bacillus clausii', strength: '2x10^9 CFU/5ml', unit: 'Ống', route: ORAL, atc: 'A07FA', rx: false, price: 6_500 },
  { code: '40.1044', name: 'Kẽm gluconat 10mg', ingredient: 'Kẽm gluconat', strength: '10mg', unit: 'Gói', route: ORAL, atc: 'A12CB02', rx: false, price: 1_800 },
  { code: '40.663', name: 'Lactulose 10g', ingredient: 'Lactulose', strength: '10g/15ml', unit: 'Gói', route: ORAL, atc: 'A06AD11', rx: false, price: 3_500 },
  // Airways and allergy
  { code: '40.985', name: 'Salbutamol 2mg', ingredient: 'Salbutamol', strength: '2mg', unit: 'Viên', route: ORAL, atc: 'R03CC02', rx: true, price: 150 },
  { code: '40.985', name: 'Salbutamol 100mcg/liều', ingredient: 'Salbutamol', strength: '100mcg/liều', unit: 'Bình', route: INHALED, atc: 'R03AC02', rx: true, price: 78_000, imported: true },
  { code: '40.963', name: 'Ambroxol 30mg', ingredient: 'Ambroxol hydroclorid', strength: '30mg', unit: 'Viên', route: ORAL, atc: 'R05CB06', rx: false, price: 250 },
  { code: '40.966', name: 'Bromhexin 8mg', ingredient: 'Bromhexin hydroclorid', strength: '8mg', unit: 'Viên', route: ORAL, atc: 'R05CB02', rx: false, price: 150 },
  { code: '40.960', name: 'Acetylcystein 200mg', ingredient: 'Acetylcystein', strength: '200mg', unit: 'Gói', route: ORAL, atc: 'R05CB01', rx: false, price: 1_100 },
  { code: '40.970', name: 'Dextromethorphan 15mg', ingredient: 'Dextromethorphan', strength: '15mg', unit: 'Viên', route: ORAL, atc: 'R05DA09', rx: false, price: 300 },
  { code: '40.1000', name: 'Loratadin 10mg', ingredient: 'Loratadin', strength: '10mg', unit: 'Viên', route: ORAL, atc: 'R06AX13', rx: false, price: 250 },
  { code: '40.993', name: 'Cetirizin 10mg', ingredient: 'Cetirizin', strength: '10mg', unit: 'Viên', route: ORAL, atc: 'R06AE07', rx: false, price: 200 },
  { code: '40.994', name: 'Clorpheniramin 4mg', ingredient: 'Clorpheniramin maleat', strength: '4mg', unit: 'Viên', route: ORAL, atc: 'R06AB04', rx: false, price: 60 },
  // Corticosteroids
  { code: '40.806', name: 'Prednisolon 5mg', ingredient: 'Prednisolon', strength: '5mg', unit: 'Viên', route: ORAL, atc: 'H02AB06', rx: true, price: 120 },
  { code: '40.804', name: 'Methylprednisolon 16mg', ingredient: 'Methylprednisolon', strength: '16mg', unit: 'Viên', route: ORAL, atc: 'H02AB04', rx: true, price: 1_300 },
  { code: '40.800', name: 'Dexamethason 4mg/1ml', ingredient: 'Dexamethason phosphat', strength: '4mg/1ml', unit: 'Ống', route: IM, atc: 'H02AB02', rx: true, price: 1_500 },
  { code: '40.330', name: 'Betamethason 0,05% 15g', ingredient: 'Betamethason dipropionat', strength: '0,05%', unit: 'Tuýp', route: TOPICAL, atc: 'D07AC01', rx: true, price: 14_000 },
  { code: '40.317', name: 'Clotrimazol 1% 20g', ingredient: 'Clotrimazol', strength: '1%', unit: 'Tuýp', route: TOPICAL, atc: 'D01AC01', rx: false, price: 12_000 },
  // Vitamins, minerals, fluids
  { code: '40.1070', name: 'Vitamin C 500mg', ingredient: 'Acid ascorbic', strength: '500mg', unit: 'Viên', route: ORAL, atc: 'A11GA01', rx: false, price: 250 },
  { code: '40.1062', name: 'Vitamin B1 + B6 + B12', ingredient: 'Thiamin + Pyridoxin + Cyanocobalamin', strength: '125mg + 125mg + 125mcg', unit: 'Viên', route: ORAL, atc: 'A11DB', rx: false, price: 600 },
  { code: '40.543', name: 'Sắt fumarat + Acid folic', ingredient: 'Sắt fumarat + Acid folic', strength: '162mg + 0,75mg', unit: 'Viên', route: ORAL, atc: 'B03AD02', rx: false, price: 700 },
  { code: '40.1048', name: 'Calci carbonat + Vitamin D3', ingredient: 'Calci carbonat + Colecalciferol', strength: '1250mg + 125IU', unit: 'Viên', route: ORAL, atc: 'A12AX', rx: false, price: 900 },
  { code: '40.1025', name: 'Natri clorid 0,9% 500ml', ingredient: 'Natri clorid', strength: '0,9%', unit: 'Chai', route: INFUSION, atc: 'B05BB01', rx: true, price: 9_500 },
  { code: '40.1030', name: 'Ringer lactat 500ml', ingredient: 'Ringer lactat', strength: '500ml', unit: 'Chai', route: INFUSION, atc: 'B05BB01', rx: true, price: 10_500 },
  { code: '40.1025', name: 'Natri clorid 0,9% 10ml nhỏ mắt', ingredient: 'Natri clorid', strength: '0,9%', unit: 'Lọ', route: EYE, rx: false, price: 3_000 },
  // Nervous system, obstetrics
  { code: '40.575', name: 'Diazepam 5mg', ingredient: 'Diazepam', strength: '5mg', unit: 'Viên', route: ORAL, atc: 'N05BA01', rx: true, price: 250, controlled: 'psychotropic' },
  { code: '40.595', name: 'Olanzapin 10mg', ingredient: 'Olanzapin', strength: '10mg', unit: 'Viên', route: ORAL, atc: 'N05AH03', rx: true, price: 2_800 },
  { code: '40.836', name: 'Oxytocin 5IU/1ml', ingredient: 'Oxytocin', strength: '5IU/1ml', unit: 'Ống', route: IM, atc: 'H01BB02', rx: true, price: 4_800 },
];

function registrationOf(row: Row): string {
  const random = Random.seeded('drug-registration').stream(row.name);
  const prefix = row.imported ? 'VN' : 'VD';
  return `${prefix}-${random.int(10_000, 39_999)}-${random.int(17, 24)}`;
}

function toDrug(row: Row): Drug {
  const drug: Drug = {
    code: row.code,
    name: row.name,
    activeIngredient: row.ingredient,
    strength: row.strength,
    unit: row.unit,
    route: row.route,
    registration: registrationOf(row),
    prescriptionOnly: row.rx,
    antibiotic: row.antibiotic ?? false,
    price: row.price,
  };
  if (row.atc) drug.atc = row.atc;
  return drug;
}

export const DRUG_CATALOGUE: readonly Drug[] = Object.freeze(ROWS.map(toDrug));

const CONTROLLED = new Map<string, Controlled>(
  ROWS.flatMap((row) => (row.controlled ? [[row.name, row.controlled] as const] : [])),
);

/** Narcotic or psychotropic drugs need their own prescription type (-n / -h). */
export function controlledKind(drug: Drug): Controlled | undefined {
  return CONTROLLED.get(drug.name);
}

/** Given in hospital only (injections, infusions): never on a take-home prescription. */
export function isInHospitalOnly(drug: Drug): boolean {
  return drug.route === IV || drug.route === IM || drug.route === INFUSION;
}

const BY_NAME = new Map(DRUG_CATALOGUE.map((drug) => [drug.name, drug]));

/** A catalogue drug by its name; throws on a name the catalogue lacks (a typo in a regimen). */
export function catalogueDrug(name: string): Drug {
  const drug = BY_NAME.get(name);
  if (!drug) throw new Error(`no drug named ${name} in the catalogue`);
  return drug;
}
