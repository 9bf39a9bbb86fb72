import type { CountryCode } from './countries.ts';

/** Invented employers; each has a home country so that work addresses and phones look consistent. */
export interface Company {
  readonly name: string;
  readonly country: CountryCode;
}

export const COMPANIES: readonly Company[] = [
  { name: 'Acme Corporation', country: 'US' },
  { name: 'Globex & Partners', country: 'US' },
  { name: 'Initech LLC', country: 'US' },
  { name: 'Blue Heron Analytics', country: 'US' },
  { name: 'Maplewood Health, Inc.', country: 'CA' },
  { name: 'Les Érables Conseil', country: 'CA' },
  { name: 'Atelier Lumière SARL', country: 'FR' },
  { name: 'Dupré & Fils', country: 'FR' },
  { name: 'Société Bérard Frères', country: 'FR' },
  { name: 'Müller Maschinenbau GmbH', country: 'DE' },
  { name: 'Weiß & Söhne KG', country: 'DE' },
  { name: 'Brightwater Ltd', country: 'GB' },
  { name: 'Harrow & Finch LLP', country: 'GB' },
  { name: 'Kōyō Trading K.K.', country: 'JP' },
  { name: 'Sakura Robotics', country: 'JP' },
  { name: 'Brandão & Irmãos Ltda.', country: 'BR' },
  { name: 'Café São Jorge', country: 'BR' },
  { name: 'Café Olé S.L.', country: 'ES' },
  { name: 'Núñez Ingeniería S.A.', country: 'ES' },
  { name: 'Officine Niccolò S.r.l.', country: 'IT' },
  { name: 'Van der Berg B.V.', country: 'NL' },
  { name: 'Nordlys Design ApS', country: 'DK' },
  { name: 'Ærø Færgeri A/S', country: 'DK' },
  { name: 'Jökull Ráðgjöf ehf.', country: 'IS' },
  { name: 'Ó Briain & Co.', country: 'IE' },
  { name: "O'Malley Brothers", country: 'IE' },
  { name: 'Łódź Software sp. z o.o.', country: 'PL' },
  { name: 'Dvořák Audio s.r.o.', country: 'CZ' },
  { name: 'Công ty Sông Hồng', country: 'VN' },
  { name: 'R&D Labs "Quantum"', country: 'US' },
];

export const JOB_TITLES: readonly string[] = [
  'Software Engineer',
  'Senior Software Engineer',
  'Head of Sales',
  'Account Manager',
  'Chief Financial Officer',
  'CEO',
  'Product Designer',
  'Office Manager',
  'R&D Lead',
  'Marketing & Communications Director',
  'Customer Success Manager',
  'Data Scientist',
  'VP, Engineering',
  'Founder / CTO',
];

/** Titles as written in the employer's language, used for part of the people working there. */
export const LOCAL_JOB_TITLES: Readonly<Partial<Record<CountryCode, readonly string[]>>> = {
  FR: ['Directeur commercial', 'Chargée de clientèle', 'Responsable des achats', 'Ingénieur d’études'],
  CA: ['Directrice des opérations', 'Conseiller principal'],
  DE: ['Geschäftsführerin', 'Einkaufsleiter', 'Softwareentwickler', 'Prokurist'],
  ES: ['Ingeniero de Software', 'Directora Financiera', 'Jefe de Ventas'],
  BR: ['Gerente de Vendas', 'Analista de Sistemas', 'Diretora Comercial'],
  IT: ['Responsabile Acquisti', 'Direttore Tecnico'],
  NL: ['Projectleider', 'Accountmanager'],
  DK: ['Projektleder', 'Salgschef'],
  IS: ['Framkvæmdastjóri'],
  PL: ['Kierownik ds. sprzedaży', 'Księgowa'],
  CZ: ['Obchodní ředitel', 'Účetní'],
  JP: ['Kachō (Section Manager)', 'Eigyō Tantō'],
  VN: ['Trưởng phòng Kinh doanh', 'Kế toán trưởng'],
};
