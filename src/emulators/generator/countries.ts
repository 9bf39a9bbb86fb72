export type CountryCode =
  | 'BR'
  | 'CA'
  | 'CZ'
  | 'DE'
  | 'DK'
  | 'ES'
  | 'FR'
  | 'GB'
  | 'IE'
  | 'IS'
  | 'IT'
  | 'JP'
  | 'NL'
  | 'PL'
  | 'US'
  | 'VN';

export interface City {
  readonly name: string;
  readonly region?: string;
  /** `#` is a digit, `@` a capital letter; anything else is copied as is. */
  readonly postalCode: string;
  /** Leading digits of the city's landline numbers, after the country code. */
  readonly areaCode: string;
  /** How the national number is written, as digit counts per group; the first group holds the area code. */
  readonly landlineGroups: readonly number[];
  /** Overrides the country's rule where a city's numbering plan is narrower (Cardiff: 029 2…). */
  readonly firstDigits?: string;
}

export interface MobilePlan {
  readonly prefixes: readonly string[];
  readonly groups: readonly number[];
  /** Brazilian and North American mobiles carry the city's area code before the prefix. */
  readonly afterAreaCode?: true;
}

export type StreetStyle = 'number-first' | 'number-last' | 'number-after-comma' | 'block-numbers';

export interface Country {
  readonly code: CountryCode;
  readonly name: string;
  readonly callingCode: string;
  /** Digits a landline subscriber number may start with (Brazil keeps 6–9 for mobiles). */
  readonly landlineFirstDigits: string;
  readonly mobile: MobilePlan;
  /** Separators of the usual international notation: `+81 3-1234-5678`, `+55 11 3456-7890`. */
  readonly afterArea: string;
  readonly between: string;
  readonly cities: readonly City[];
  readonly streets: readonly string[];
  readonly streetStyle: StreetStyle;
  /** Building, floor or flat lines, written on a second street line. */
  readonly secondLines: readonly string[];
}

function city(
  name: string,
  region: string | undefined,
  postalCode: string,
  areaCode: string,
  landlineGroups: readonly number[],
): City {
  return region === undefined
    ? { name, postalCode, areaCode, landlineGroups }
    : { name, region, postalCode, areaCode, landlineGroups };
}

const NANP_GROUPS = [3, 3, 4] as const;
const NANP_MOBILE: MobilePlan = { prefixes: [''], groups: NANP_GROUPS, afterAreaCode: true };

export const COUNTRIES: readonly Country[] = [
  {
    code: 'US',
    name: 'United States',
    callingCode: '1',
    landlineFirstDigits: '23456789',
    mobile: NANP_MOBILE,
    afterArea: '-',
    between: '-',
    cities: [
      city('Austin', 'TX', '787##', '512', NANP_GROUPS),
      city('New York', 'NY', '100##', '212', NANP_GROUPS),
      city('San Francisco', 'CA', '941##', '415', NANP_GROUPS),
      city('Chicago', 'IL', '606##', '312', NANP_GROUPS),
      city('Seattle', 'WA', '981##', '206', NANP_GROUPS),
      city('Boston', 'MA', '021##', '617', NANP_GROUPS),
      city('Denver', 'CO', '802##', '303', NANP_GROUPS),
      city('Miami', 'FL', '331##', '305', NANP_GROUPS),
      city('Portland', 'OR', '972##', '503', NANP_GROUPS),
      city('Atlanta', 'GA', '303##', '404', NANP_GROUPS),
    ],
    streets: [
      'Main Street',
      'Oak Avenue',
      'Maple Drive',
      'Cedar Lane',
      'Elm Street',
      'Park Avenue',
      'Washington Boulevard',
      'Lakeview Terrace',
      'Pine Street',
      '2nd Avenue',
    ],
    streetStyle: 'number-first',
    secondLines: ['Suite 300', 'Apt 4B', 'Unit 12', 'Floor 7'],
  },
  {
    code: 'CA',
    name: 'Canada',
    callingCode: '1',
    landlineFirstDigits: '23456789',
    mobile: NANP_MOBILE,
    afterArea: '-',
    between: '-',
    cities: [
      city('Toronto', 'ON', 'M#@ #@#', '416', NANP_GROUPS),
      city('Montréal', 'QC', 'H#@ #@#', '514', NANP_GROUPS),
      city('Vancouver', 'BC', 'V#@ #@#', '604', NANP_GROUPS),
      city('Québec', 'QC', 'G1@ #@#', '418', NANP_GROUPS),
      city('Calgary', 'AB', 'T2@ #@#', '403', NANP_GROUPS),
      city('Ottawa', 'ON', 'K1@ #@#', '613', NANP_GROUPS),
      city('Halifax', 'NS', 'B3@ #@#', '902', NANP_GROUPS),
    ],
    streets: [
      'rue Sainte-Catherine Ouest',
      'boulevard Saint-Laurent',
      'Yonge Street',
      'Queen Street West',
      'Robson Street',
      'rue Saint-Jean',
      'Bank Street',
    ],
    streetStyle: 'number-first',
    secondLines: ['Suite 1200', 'App. 5', 'Bureau 210'],
  },
  {
    code: 'FR',
    name: 'France',
    callingCode: '33',
    landlineFirstDigits: '23456789',
    mobile: { prefixes: ['6', '7'], groups: [1, 2, 2, 2, 2] },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Paris', 'Île-de-France', '7501#', '1', [1, 2, 2, 2, 2]),
      city('Lyon', 'Auvergne-Rhône-Alpes', '6900#', '4', [1, 2, 2, 2, 2]),
      city('Marseille', "Provence-Alpes-Côte d'Azur", '130##', '4', [1, 2, 2, 2, 2]),
      city('Toulouse', 'Occitanie', '310##', '5', [1, 2, 2, 2, 2]),
      city('Bordeaux', 'Nouvelle-Aquitaine', '330##', '5', [1, 2, 2, 2, 2]),
      city('Lille', 'Hauts-de-France', '590##', '3', [1, 2, 2, 2, 2]),
      city('Nantes', 'Pays de la Loire', '440##', '2', [1, 2, 2, 2, 2]),
      city('Besançon', 'Bourgogne-Franche-Comté', '250##', '3', [1, 2, 2, 2, 2]),
      city('Orléans', 'Centre-Val de Loire', '450##', '2', [1, 2, 2, 2, 2]),
    ],
    streets: [
      'rue de la République',
      'avenue Victor-Hugo',
      'boulevard Saint-Germain',
      'rue des Lilas',
      "place de l'Église",
      'rue du Faubourg-Saint-Antoine',
      'allée des Châtaigniers',
      'quai de la Tournelle',
      'impasse des Sœurs',
      'chemin des Écoliers',
    ],
    streetStyle: 'number-first',
    secondLines: ['Bâtiment B', 'Escalier 2, 3e étage', 'Résidence Les Érables'],
  },
  {
    code: 'DE',
    name: 'Germany',
    callingCode: '49',
    landlineFirstDigits: '23456789',
    mobile: {
      prefixes: ['151', '152', '157', '160', '170', '171', '175', '176', '177', '179'],
      groups: [3, 8],
    },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('München', 'Bayern', '80###', '89', [2, 7]),
      city('Berlin', 'Berlin', '10###', '30', [2, 8]),
      city('Hamburg', 'Hamburg', '20###', '40', [2, 8]),
      city('Köln', 'Nordrhein-Westfalen', '50###', '221', [3, 7]),
      city('Frankfurt am Main', 'Hessen', '60###', '69', [2, 8]),
      city('Stuttgart', 'Baden-Württemberg', '70###', '711', [3, 7]),
      city('Düsseldorf', 'Nordrhein-Westfalen', '40###', '211', [3, 7]),
      city('Nürnberg', 'Bayern', '90###', '911', [3, 7]),
    ],
    streets: [
      'Hauptstraße',
      'Bahnhofstraße',
      'Schillerstraße',
      'Goethestraße',
      'Königsallee',
      'Lindenweg',
      'Am Mühlbach',
      'Friedrichstraße',
      'Gartenstraße',
      'Brückenstraße',
    ],
    streetStyle: 'number-last',
    secondLines: ['Hinterhaus', '2. OG', 'c/o Büro Weiß'],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    callingCode: '44',
    landlineFirstDigits: '34',
    mobile: { prefixes: ['74', '75', '77', '78', '79'], groups: [4, 6] },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('London', 'Greater London', 'SE1 #@@', '20', [2, 4, 4]),
      city('Manchester', 'Greater Manchester', 'M1 #@@', '161', [3, 3, 4]),
      city('Edinburgh', 'Scotland', 'EH1 #@@', '131', [3, 3, 4]),
      city('Birmingham', 'West Midlands', 'B1 #@@', '121', [3, 3, 4]),
      city('Bristol', undefined, 'BS1 #@@', '117', [3, 3, 4]),
      city('Leeds', 'West Yorkshire', 'LS1 #@@', '113', [3, 3, 4]),
      { ...city('Cardiff', 'Wales', 'CF10 #@@', '29', [2, 4, 4]), firstDigits: '2' },
    ],
    streets: [
      'High Street',
      'Church Road',
      'Station Road',
      'Victoria Road',
      "Queen's Gardens",
      'Mill Lane',
      'Kingsway',
      'Albert Crescent',
    ],
    streetStyle: 'number-first',
    secondLines: ['Flat 3', 'Unit 5, Riverside House', 'The Old Rectory'],
  },
  {
    code: 'JP',
    name: 'Japan',
    callingCode: '81',
    landlineFirstDigits: '23456789',
    mobile: { prefixes: ['90', '80', '70'], groups: [2, 4, 4] },
    afterArea: '-',
    between: '-',
    cities: [
      city('Shibuya-ku', 'Tōkyō', '150-00##', '3', [1, 4, 4]),
      city('Shinjuku-ku', 'Tōkyō', '160-00##', '3', [1, 4, 4]),
      city('Ōsaka', 'Ōsaka', '530-00##', '6', [1, 4, 4]),
      city('Yokohama', 'Kanagawa', '220-00##', '45', [2, 3, 4]),
      city('Kyōto', 'Kyōto', '604-8###', '75', [2, 3, 4]),
      city('Sapporo', 'Hokkaidō', '060-00##', '11', [2, 3, 4]),
      city('Fukuoka', 'Fukuoka', '810-00##', '92', [2, 3, 4]),
    ],
    streets: [
      'Jingūmae',
      'Nishi-Shinjuku',
      'Umeda',
      'Minatomirai',
      'Gion-machi',
      'Ōdōri-nishi',
      'Tenjin',
      'Ginza',
    ],
    streetStyle: 'block-numbers',
    secondLines: ['Sakura Bldg. 5F', 'Room 302', 'Heights Aoyama 1101'],
  },
  {
    code: 'BR',
    name: 'Brazil',
    callingCode: '55',
    landlineFirstDigits: '2345',
    mobile: { prefixes: ['9'], groups: [2, 5, 4], afterAreaCode: true },
    afterArea: ' ',
    between: '-',
    cities: [
      city('São Paulo', 'SP', '01###-###', '11', [2, 4, 4]),
      city('Rio de Janeiro', 'RJ', '22###-###', '21', [2, 4, 4]),
      city('Belo Horizonte', 'MG', '30###-###', '31', [2, 4, 4]),
      city('Curitiba', 'PR', '80###-###', '41', [2, 4, 4]),
      city('Porto Alegre', 'RS', '90###-###', '51', [2, 4, 4]),
      city('Salvador', 'BA', '40###-###', '71', [2, 4, 4]),
      city('Florianópolis', 'SC', '88###-###', '48', [2, 4, 4]),
      city('Brasília', 'DF', '70###-###', '61', [2, 4, 4]),
    ],
    streets: [
      'Rua Augusta',
      'Avenida Paulista',
      'Rua das Flores',
      'Avenida Atlântica',
      'Rua São João',
      'Travessa do Comércio',
      'Rua Barão de Itapetininga',
      'Avenida Afonso Pena',
    ],
    streetStyle: 'number-after-comma',
    secondLines: ['Apto 101', 'Sala 1203', 'Bloco B'],
  },
  {
    code: 'ES',
    name: 'Spain',
    callingCode: '34',
    landlineFirstDigits: '23456789',
    mobile: { prefixes: ['6'], groups: [3, 3, 3] },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Madrid', 'Comunidad de Madrid', '280##', '91', [2, 3, 2, 2]),
      city('Barcelona', 'Cataluña', '080##', '93', [2, 3, 2, 2]),
      city('Valencia', 'Comunidad Valenciana', '460##', '96', [2, 3, 2, 2]),
      city('Sevilla', 'Andalucía', '410##', '954', [3, 2, 2, 2]),
      city('Bilbao', 'País Vasco', '480##', '944', [3, 2, 2, 2]),
      city('Málaga', 'Andalucía', '290##', '952', [3, 2, 2, 2]),
      city('A Coruña', 'Galicia', '150##', '981', [3, 2, 2, 2]),
      city('Zaragoza', 'Aragón', '500##', '976', [3, 2, 2, 2]),
    ],
    streets: [
      'Calle de Alcalá',
      'Gran Vía',
      'Calle Mayor',
      'Avenida de la Constitución',
      'Passeig de Gràcia',
      'Calle del Príncipe',
      'Plaza de España',
      'Calle de Núñez de Balboa',
    ],
    streetStyle: 'number-after-comma',
    secondLines: ['3º B', 'Bajo izquierda', 'Ático 2ª'],
  },
  {
    code: 'IT',
    name: 'Italy',
    callingCode: '39',
    landlineFirstDigits: '23456789',
    mobile: {
      prefixes: ['320', '328', '333', '335', '338', '340', '347', '348', '349', '366', '380', '392'],
      groups: [3, 3, 4],
    },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Roma', 'Lazio', '001##', '06', [2, 4, 4]),
      city('Milano', 'Lombardia', '201##', '02', [2, 4, 4]),
      city('Napoli', 'Campania', '801##', '081', [3, 3, 4]),
      city('Torino', 'Piemonte', '101##', '011', [3, 3, 4]),
      city('Firenze', 'Toscana', '501##', '055', [3, 3, 4]),
      city('Bologna', 'Emilia-Romagna', '401##', '051', [3, 3, 4]),
      city('Forlì', 'Emilia-Romagna', '471##', '0543', [4, 6]),
    ],
    streets: [
      'Via Roma',
      'Via Garibaldi',
      'Corso Vittorio Emanuele II',
      'Via dei Mille',
      'Piazza del Popolo',
      'Via Niccolò Machiavelli',
      'Viale Europa',
    ],
    streetStyle: 'number-after-comma',
    secondLines: ['Scala B, interno 5', 'Piano 3'],
  },
  {
    code: 'NL',
    name: 'Netherlands',
    callingCode: '31',
    landlineFirstDigits: '23456789',
    mobile: { prefixes: ['6'], groups: [1, 8] },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Amsterdam', 'Noord-Holland', '10## @@', '20', [2, 3, 4]),
      city('Rotterdam', 'Zuid-Holland', '30## @@', '10', [2, 3, 4]),
      city('Utrecht', 'Utrecht', '35## @@', '30', [2, 3, 4]),
      city('Den Haag', 'Zuid-Holland', '25## @@', '70', [2, 3, 4]),
      city('Eindhoven', 'Noord-Brabant', '56## @@', '40', [2, 3, 4]),
      city('Groningen', 'Groningen', '97## @@', '50', [2, 3, 4]),
    ],
    streets: [
      'Keizersgracht',
      'Prinsengracht',
      'Dorpsstraat',
      'Kerkstraat',
      'Stationsweg',
      'Molenweg',
      "'s-Gravendijkwal",
    ],
    streetStyle: 'number-last',
    secondLines: ['3-hoog', 'Huis 2'],
  },
  {
    code: 'DK',
    name: 'Denmark',
    callingCode: '45',
    landlineFirstDigits: '0123456789',
    mobile: {
      prefixes: ['20', '21', '22', '26', '28', '30', '31', '40', '42', '50', '51', '53', '60', '61'],
      groups: [2, 2, 2, 2],
    },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('København', 'Region Hovedstaden', '1###', '33', [2, 2, 2, 2]),
      city('Aarhus', 'Region Midtjylland', '80##', '86', [2, 2, 2, 2]),
      city('Odense', 'Region Syddanmark', '50##', '66', [2, 2, 2, 2]),
      city('Ærøskøbing', 'Region Syddanmark', '5970', '62', [2, 2, 2, 2]),
      city('Aalborg', 'Region Nordjylland', '90##', '98', [2, 2, 2, 2]),
      city('Helsingør', 'Region Hovedstaden', '3000', '49', [2, 2, 2, 2]),
    ],
    streets: [
      'Østergade',
      'Vestergade',
      'Nørregade',
      'Søndergade',
      'Havnegade',
      'Åboulevarden',
      'Kongensgade',
    ],
    streetStyle: 'number-last',
    secondLines: ['2. th.', 'st. tv.'],
  },
  {
    code: 'IS',
    name: 'Iceland',
    callingCode: '354',
    landlineFirstDigits: '0123456789',
    mobile: { prefixes: ['6', '7', '8'], groups: [3, 4] },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Reykjavík', 'Höfuðborgarsvæðið', '10#', '55', [3, 4]),
      city('Hafnarfjörður', 'Höfuðborgarsvæðið', '22#', '56', [3, 4]),
      city('Akureyri', 'Norðurland eystra', '600', '46', [3, 4]),
      city('Ísafjörður', 'Vestfirðir', '400', '456', [3, 4]),
    ],
    streets: [
      'Laugavegur',
      'Skólavörðustígur',
      'Hafnarstræti',
      'Bankastræti',
      'Austurstræti',
      'Þingholtsstræti',
    ],
    streetStyle: 'number-last',
    secondLines: ['3. hæð'],
  },
  {
    code: 'IE',
    name: 'Ireland',
    callingCode: '353',
    landlineFirstDigits: '23456789',
    mobile: { prefixes: ['83', '85', '86', '87', '89'], groups: [2, 3, 4] },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Dublin', 'Co. Dublin', 'D0# @#@#', '1', [1, 3, 4]),
      city('Dún Laoghaire', 'Co. Dublin', 'A96 @#@#', '1', [1, 3, 4]),
      city('Cork', 'Co. Cork', 'T12 @#@#', '21', [2, 3, 4]),
      city('Galway', 'Co. Galway', 'H91 @#@#', '91', [2, 3, 4]),
      city('Limerick', 'Co. Limerick', 'V94 @#@#', '61', [2, 3, 4]),
    ],
    streets: [
      'Grafton Street',
      "O'Connell Street",
      'Baggot Street',
      'Dame Street',
      'Patrick Street',
      'Shop Street',
    ],
    streetStyle: 'number-first',
    secondLines: ['Apartment 12', 'Unit 4, The Mill'],
  },
  {
    code: 'PL',
    name: 'Poland',
    callingCode: '48',
    landlineFirstDigits: '23456789',
    mobile: {
      prefixes: ['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'],
      groups: [3, 3, 3],
    },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Warszawa', 'mazowieckie', '00-###', '22', [2, 3, 2, 2]),
      city('Kraków', 'małopolskie', '30-###', '12', [2, 3, 2, 2]),
      city('Łódź', 'łódzkie', '90-###', '42', [2, 3, 2, 2]),
      city('Wrocław', 'dolnośląskie', '50-###', '71', [2, 3, 2, 2]),
      city('Gdańsk', 'pomorskie', '80-###', '58', [2, 3, 2, 2]),
      city('Poznań', 'wielkopolskie', '60-###', '61', [2, 3, 2, 2]),
    ],
    streets: [
      'ul. Marszałkowska',
      'ul. Nowy Świat',
      'ul. Piotrkowska',
      'ul. Długa',
      'al. Jerozolimskie',
      'ul. Świętojańska',
      'ul. Floriańska',
    ],
    streetStyle: 'number-last',
    secondLines: ['lok. 12', 'm. 5'],
  },
  {
    code: 'CZ',
    name: 'Czechia',
    callingCode: '420',
    landlineFirstDigits: '0123456789',
    mobile: { prefixes: ['60', '72', '73', '77'], groups: [3, 3, 3] },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Praha', 'Hlavní město Praha', '1## 00', '2', [3, 3, 3]),
      city('Brno', 'Jihomoravský kraj', '6## 00', '54', [3, 3, 3]),
      city('Ostrava', 'Moravskoslezský kraj', '7## 00', '59', [3, 3, 3]),
      city('Plzeň', 'Plzeňský kraj', '3## 00', '37', [3, 3, 3]),
      city('České Budějovice', 'Jihočeský kraj', '370 0#', '38', [3, 3, 3]),
    ],
    streets: ['Václavské náměstí', 'Národní', 'Karlova', 'Masarykova', 'Husova', 'Na Příkopě', 'Žitná'],
    streetStyle: 'number-last',
    secondLines: ['3. patro'],
  },
  {
    code: 'VN',
    name: 'Vietnam',
    callingCode: '84',
    landlineFirstDigits: '23456789',
    mobile: {
      prefixes: ['90', '91', '93', '94', '96', '97', '98', '86', '88', '70', '77'],
      groups: [2, 3, 2, 2],
    },
    afterArea: ' ',
    between: ' ',
    cities: [
      city('Hà Nội', undefined, '1####', '24', [2, 4, 4]),
      city('Thành phố Hồ Chí Minh', undefined, '7####', '28', [2, 4, 4]),
      city('Đà Nẵng', undefined, '50###', '236', [3, 3, 4]),
      city('Huế', 'Thừa Thiên Huế', '49###', '234', [3, 3, 4]),
      city('Hải Phòng', undefined, '04###', '225', [3, 3, 4]),
    ],
    streets: [
      'Phố Hàng Bạc',
      'Đường Lê Lợi',
      'Phố Huế',
      'Đường Nguyễn Huệ',
      'Đường Trần Hưng Đạo',
      'Phố Tràng Tiền',
    ],
    streetStyle: 'number-first',
    secondLines: ['Tầng 5', 'Phòng 204'],
  },
];

const BY_CODE = new Map<CountryCode, Country>(COUNTRIES.map((country) => [country.code, country]));

export function countryByCode(code: CountryCode): Country {
  const country = BY_CODE.get(code);
  if (!country) throw new RangeError(`no country profile for ${code}`);
  return country;
}
