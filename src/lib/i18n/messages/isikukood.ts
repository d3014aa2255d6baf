/** Validation messages of the Estonian personal identification code (issue 3). */
export const et = {
	'isikukood.label': 'Isikukood',
	'isikukood.hint': '11 numbrit. Sünniaeg ja sugu täidetakse isikukoodi järgi.',
	'isikukood.format': 'Isikukood peab koosnema 11 numbrist.',
	'isikukood.century':
		'Isikukoodi esimene number peab olema 1–8 (sajand ja sugu), näiteks 3 või 4 1900. aastatel sündinutel ning 5 või 6 2000. aastatel sündinutel.',
	'isikukood.date':
		'Isikukoodi numbrid 2–7 ei moodusta päris kuupäeva (aasta, kuu, päev). Kontrollige sünniaega.',
	'isikukood.checksum':
		'Isikukoodi viimane number (kontrollnumber) ei klapi. Tõenäoliselt on mõni number valesti sisestatud.'
};

export const ru: Record<keyof typeof et, string> = {
	'isikukood.label': 'Личный код',
	'isikukood.hint': '11 цифр. Дата рождения и пол заполняются по личному коду.',
	'isikukood.format': 'Личный код должен состоять из 11 цифр.',
	'isikukood.century':
		'Первая цифра личного кода должна быть от 1 до 8 (век и пол): например, 3 или 4 у родившихся в 1900-х годах и 5 или 6 у родившихся в 2000-х годах.',
	'isikukood.date':
		'Цифры со 2-й по 7-ю в личном коде не образуют настоящую дату (год, месяц, день). Проверьте дату рождения.',
	'isikukood.checksum':
		'Последняя цифра личного кода (контрольная цифра) не совпадает. Вероятно, одна из цифр введена неправильно.'
};

export const en: Record<keyof typeof et, string> = {
	'isikukood.label': 'Personal identification code',
	'isikukood.hint': '11 digits. Date of birth and sex are filled in from the code.',
	'isikukood.format': 'The personal identification code must be 11 digits.',
	'isikukood.century':
		'The first digit of the code must be 1–8 (century and sex), e.g. 3 or 4 for people born in the 1900s and 5 or 6 for the 2000s.',
	'isikukood.date':
		'Digits 2–7 of the code are not a real date (year, month, day). Check the date of birth.',
	'isikukood.checksum':
		'The last digit of the code (the check digit) does not match. A digit was probably mistyped.'
};
