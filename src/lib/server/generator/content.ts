/**
 * Believable Estonian content for generated data (the demo set and the pilot, county and
 * national profiles): names of two generations in Estonian and Russian, diary texts by help
 * profile and kind of contact, needs, end reasons, trip purposes. Made-up people only.
 */

export type Sex = 'male' | 'female';

export const NAMES = {
	et: {
		old: {
			female: [
				'Maie',
				'Helju',
				'Laine',
				'Vaike',
				'Aino',
				'Elsa',
				'Hilja',
				'Salme',
				'Leida',
				'Linda',
				'Aili',
				'Milvi',
				'Ellen',
				'Evi',
				'Virve',
				'Asta',
				'Heli',
				'Õie'
			],
			male: [
				'Elmar',
				'Heino',
				'Ülo',
				'Arvo',
				'Kalju',
				'Enn',
				'Jaan',
				'Lembit',
				'Vello',
				'Heldur',
				'Rein',
				'Ants',
				'Toivo',
				'Uno',
				'Valter',
				'Harald'
			]
		},
		adult: {
			female: [
				'Kadri',
				'Liis',
				'Triin',
				'Kristiina',
				'Mari',
				'Anu',
				'Tiina',
				'Eha',
				'Karin',
				'Piret',
				'Kati',
				'Helen',
				'Merike',
				'Ülle',
				'Katrin',
				'Reet',
				'Maarja',
				'Kersti',
				'Annika',
				'Signe',
				'Marju'
			],
			male: [
				'Marko',
				'Siim',
				'Margus',
				'Toomas',
				'Andres',
				'Jüri',
				'Priit',
				'Indrek',
				'Tarmo',
				'Rasmus',
				'Kristjan',
				'Urmas',
				'Aivar',
				'Mihkel',
				'Peeter',
				'Madis'
			]
		},
		last: [
			'Tamm',
			'Saar',
			'Sepp',
			'Mägi',
			'Kask',
			'Kukk',
			'Rebane',
			'Ilves',
			'Pärn',
			'Koppel',
			'Lepik',
			'Kallas',
			'Luik',
			'Oja',
			'Raudsepp',
			'Kuusk',
			'Karu',
			'Lill',
			'Põder',
			'Vaher',
			'Kivi',
			'Mets',
			'Teder',
			'Aavik',
			'Jõgi',
			'Org',
			'Laur',
			'Paju',
			'Toom',
			'Sild',
			'Kaasik',
			'Lõhmus',
			'Vares',
			'Allik',
			'Nurk',
			'Tooming',
			'Kangur',
			'Kuusik',
			'Sarapuu',
			'Jürgenson'
		]
	},
	ru: {
		old: {
			female: [
				'Valentina',
				'Galina',
				'Ljudmila',
				'Nina',
				'Raissa',
				'Zinaida',
				'Tamara',
				'Antonina'
			],
			male: ['Nikolai', 'Vladimir', 'Boris', 'Viktor', 'Anatoli', 'Pjotr', 'Mihhail', 'Grigori']
		},
		adult: {
			female: ['Svetlana', 'Olga', 'Irina', 'Jelena', 'Natalja', 'Tatjana', 'Anastassia', 'Julia'],
			male: ['Aleksei', 'Sergei', 'Dmitri', 'Andrei', 'Ivan', 'Maksim', 'Roman', 'Igor']
		},
		/** Male forms; the female form adds -a (Ivanov → Ivanova). */
		last: [
			'Ivanov',
			'Smirnov',
			'Kuznetsov',
			'Petrov',
			'Vassiljev',
			'Sokolov',
			'Popov',
			'Fjodorov',
			'Morozov',
			'Volkov',
			'Lebedev',
			'Semjonov',
			'Jegorov',
			'Pavlov',
			'Kozlov',
			'Stepanov',
			'Nikolajev',
			'Orlov'
		]
	}
} as const;

/** Share of Russian-speaking people among the demo records of a county. */
export const RUSSIAN_SHARE: Record<string, number> = {
	'Ida-Viru maakond': 0.7,
	'Harju maakond': 0.3,
	'Tartu maakond': 0.12
};

/** Counties where transport and escort dominate (South Estonia, seeds/000). */
export const TRANSPORT_COUNTIES = new Set(['Põlva maakond', 'Võru maakond', 'Valga maakond']);

export type Profile = 'P1' | 'P2' | 'P3' | 'P4';

/** Diary texts by help profile (requirements.md, "Help profiles"), with durations in minutes. */
export const DIARY_TEXTS: Record<Profile, { text: string; minutes: [number, number] }[]> = {
	P1: [
		{ text: 'Viisin poodi ja apteeki.', minutes: [45, 90] },
		{ text: 'Aitasin aknaid pesta ja kardinaid üles panna.', minutes: [90, 150] },
		{ text: 'Tõime puukuurist puid ja kütsime ahju. Pärast jõime teed.', minutes: [60, 120] },
		{ text: 'Aitasin täita toetuse taotluse ja viisime selle postkasti.', minutes: [45, 90] },
		{ text: 'Rookisin lund ja rääkisime talvest, mis vanasti oli.', minutes: [45, 90] },
		{ text: 'Küpsetasime koos pirukaid ja ajasime juttu.', minutes: [90, 150] },
		{ text: 'Rohisime peenart ja istutasime lilli.', minutes: [60, 120] },
		{ text: 'Tõin raamatukogust uued raamatud ja vahetasime muljeid.', minutes: [30, 60] }
	],
	P2: [
		{ text: 'Jalutasime pargis ja rääkisime lastelastest.', minutes: [45, 90] },
		{ text: 'Jõime kohvi ja vaatasime vanu fotoalbumeid.', minutes: [60, 120] },
		{ text: 'Rääkisime tema noorusest ja lugesime koos ajalehte.', minutes: [60, 90] },
		{ text: 'Lahendasime ristsõnu ja kuulasime raadiost vanu laule.', minutes: [60, 120] },
		{ text: 'Mängisime kaarte ja ajasime juttu.', minutes: [60, 120] },
		{ text: 'Lugesin raamatut ette, pärast arutasime loetut.', minutes: [45, 90] },
		{ text: 'Võimlesime koos, liigesed said liikuda. Rääkisime aiatöödest.', minutes: [45, 75] },
		{
			text: 'Õpetasin nutitelefonis videokõnet tegema, et ta saaks lapselapsega rääkida.',
			minutes: [60, 90]
		},
		{ text: 'Tegime jalutuskäigu ümber maja, ilm oli ilus.', minutes: [30, 60] },
		{ text: 'Käisime kalmistul ja korrastasime platsi.', minutes: [60, 120] }
	],
	P3: [
		{ text: 'Sõidutasin perearsti juurde ja tagasi.', minutes: [60, 120] },
		{ text: 'Viisin silmaarsti vastuvõtule maakonnakeskusesse.', minutes: [120, 180] },
		{ text: 'Käisime koos pangas ja postkontoris.', minutes: [60, 120] },
		{ text: 'Sõidutasin turule ja kalmistule.', minutes: [90, 150] },
		{ text: 'Viisin juuksurisse ja poodi.', minutes: [90, 150] },
		{ text: 'Saatsin hambaarsti juurde ja ootasin, kuni ta vabaks sai.', minutes: [90, 180] }
	],
	P4: [
		{ text: 'Olin toeks vestlusel valla sotsiaaltöötajaga.', minutes: [60, 120] },
		{ text: 'Käisime koos vallamajas hooldustoetuse asjus.', minutes: [90, 150] },
		{
			text: 'Arutasime, kuidas tal kodus toime tulla; panime kirja küsimused perearstile.',
			minutes: [45, 90]
		}
	]
};

export const HIIU_TEXTS = [
	{
		text: 'Sõitsime koos praamiga Haapsallu arsti juurde.',
		minutes: [150, 180] as [number, number]
	},
	{ text: 'Saatsin praamile ja aitasin kotid kajutisse.', minutes: [60, 90] as [number, number] }
];

export const CLIENT_NEEDS = [
	'Elab üksi, liigub rollaatoriga. Soovib jalutuskaaslast ja abi poeskäikudel.',
	'Lapsed välismaal, helistavad harva. Soovib vestluskaaslast kord nädalas.',
	'Nägemine nõrk, vajab saatjat arsti juurde ja ettelugemist.',
	'Elab hooldekodus, soovib külastajat, kellega rääkida ja jalutada.',
	'Abikaasa suri hiljuti, tunneb end üksikuna. Huvitub aiandusest.',
	'Hajaasustus, bussiühendus puudub. Vajab transporti perearsti ja poodi.',
	'Soovib abi nutitelefoni kasutamisel ja seltsi kohvijoomiseks.',
	'Vajab tugiisikut ametiasutustes asjaajamisel.'
];

export const GENERAL_ENTRIES = [
	'Üksi elav eakas naine külas, lapsed välismaal. Soovib vestluskaaslast. Teatas valla sotsiaaltöötaja.',
	'Eakas mees talus, auto puudub. Vajab transporti poodi ja apteeki. Teatas külapoe müüja.',
	'Hooldekodu elanik, kellel lähedasi ei käi. Teatas hooldekodu juhataja.',
	'Eakas paar, kes ei käi enam kodust väljas. Teatas pereõde.',
	'Vene keelt kõnelev üksik naine kortermajas. Soovib vestluskaaslast. Teatas postiljon.',
	'Liikumisraskustega mees, vajab saatjat arsti juurde. Teatas koguduse õpetaja.'
];

export const END_REASONS = {
	/** The client leaves the service. */
	client: [
		'Klient kolis hooldekodusse teise valda.',
		'Klient kolis lähedaste juurde teise maakonda.',
		'Kliendi tervis paranes, seltsilist enam ei vaja.'
	],
	/** The volunteer steps back; the client stays and gets a new volunteer. */
	volunteer: [
		'Vabatahtlik asus täiskohaga tööle ega leia enam aega.',
		'Vabatahtlik kolis teise linna.',
		'Vabatahtlik võttis tervislikel põhjustel pausi.'
	]
} as const;

/** Texts of phone calls (contact kind `call`), durations in minutes. */
export const CALL_TEXTS: { text: string; minutes: [number, number] }[] = [
	{ text: 'Helistasin ja rääkisime, kuidas nädal on läinud.', minutes: [15, 40] },
	{ text: 'Pikk telefonikõne: rääkisime tervisest ja lastelastest.', minutes: [30, 60] },
	{ text: 'Helistasin üle, kas poest on midagi vaja tuua.', minutes: [10, 20] },
	{ text: 'Telefonis lugesin ette ajaleheartikli ja arutasime seda.', minutes: [20, 45] },
	{ text: 'Rääkisime telefonis, sest kohtuda ei saanud. Meeleolu oli hea.', minutes: [20, 45] }
];

/** Texts of visits in a care home (contact kind `care_home_visit`). */
export const CARE_HOME_TEXTS: { text: string; minutes: [number, number] }[] = [
	{ text: 'Külastasin hooldekodus, jalutasime koridoris ja aias.', minutes: [45, 90] },
	{ text: 'Hooldekodus vaatasime koos fotosid ja rääkisime kodukülast.', minutes: [45, 90] },
	{ text: 'Viisin hooldekodusse ajalehti ja puuvilju, ajasime juttu.', minutes: [40, 75] },
	{ text: 'Mängisime hooldekodu puhkeruumis doominot.', minutes: [60, 90] }
];

/** Purposes of trips in the mileage log (R-MILE-1). */
export const TRIP_PURPOSES = [
	'Kodukülastus',
	'Sõit perearsti juurde',
	'Poes ja apteegis käik',
	'Sõit eriarsti vastuvõtule',
	'Sõit vallamajja',
	'Kalmistul käik'
];

/** Where a trip went besides the client's home. */
export const TRIP_PLACES = [
	'perearstikeskus',
	'apteek',
	'kauplus',
	'haigla',
	'vallamaja',
	'kalmistu'
];
