/**
 * The public application form (R-VOL-2) and its confirmation e-mail, in Estonian, Russian and
 * English. The app's UI has Estonian and English (both registered in i18n/index.ts like every
 * area); Russian exists only here, for candidates, and is read through `applyText`. Each
 * dictionary must have exactly the Estonian keys (the type system checks it).
 */
export const et = {
	'apply.title': 'Hakka vabatahtlikuks seltsiliseks',
	'apply.intro':
		'Vabatahtlik seltsiline külastab üksildast või abivajavat inimest oma kodukandis: juttu ajamas, jalutamas, poes või arsti juures kaasas. Täitke avaldus ja teie maakonna koordinaator võtab teiega ühendust.',
	'apply.language': 'Keel',
	'apply.lang.et': 'Eesti keeles',
	'apply.lang.ru': 'По-русски',
	'apply.lang.en': 'In English',
	'apply.required_note': 'Tärniga (*) märgitud väljad on kohustuslikud.',
	'apply.optional': '(valikuline)',
	'apply.choose': 'Valige …',
	'apply.section.contact': 'Teie andmed',
	'apply.first_name': 'Eesnimi',
	'apply.last_name': 'Perekonnanimi',
	'apply.contact_hint': 'Andke meile e-posti aadress või telefoninumber (või mõlemad).',
	'apply.email': 'E-post',
	'apply.email_hint': 'Saadame sellele aadressile kinnituse, et avaldus jõudis kohale.',
	'apply.phone': 'Telefon',
	'apply.phone_hint': 'Näiteks +372 5123 4567.',
	'apply.county': 'Maakond',
	'apply.county_hint': 'Maakond, kus soovite vabatahtlikuna tegutseda.',
	'apply.municipality': 'Vald või linn',
	'apply.municipality_hint': 'Valige see, mis kuulub eespool valitud maakonda.',
	'apply.settlement': 'Küla, alevik või linnaosa',
	'apply.section.about': 'Teist ja teie soovist aidata',
	'apply.motivation': 'Miks soovite hakata vabatahtlikuks seltsiliseks?',
	'apply.q.experience': 'Kas teil on varasemat kogemust vabatahtliku töö või eakate abistamisega?',
	'apply.q.help_offered':
		'Millist abi sooviksite pakkuda (seltsi pidamine, poes käimine, sõidutamine, digiabi …)?',
	'apply.q.time_available': 'Kui palju ja millal teil aega on (näiteks kord nädalas õhtuti)?',
	'apply.q.languages': 'Milliseid keeli räägite?',
	'apply.q.heard_from': 'Kust kuulsite vabatahtlikest seltsilistest?',
	'apply.heard_from.friend': 'Sõbralt, tuttavalt või pereliikmelt',
	'apply.heard_from.newspaper_radio_tv': 'Ajalehest, raadiost või telerist',
	'apply.heard_from.social_media': 'Sotsiaalmeediast',
	'apply.heard_from.municipality': 'Vallast, linnast või sotsiaaltöötajalt',
	'apply.heard_from.event': 'Üritusel või teabepäeval',
	'apply.heard_from.other': 'Mujalt',
	'apply.section.referee': 'Soovitaja',
	'apply.referee_intro':
		'Inimene, kes teid tunneb ja kellelt koordinaator võib teie kohta küsida (mitte pereliige).',
	'apply.referee_name': 'Soovitaja nimi',
	'apply.referee_contact': 'Soovitaja telefon või e-post',
	'apply.section.consent': 'Nõusolek',
	'apply.consent_text':
		'Teie avaldust loevad ainult teie maakonna koordinaator ja teenuse administraator. Kui teid ei valita, hävitatakse avaldus ja vestluse märkmed. Kui asute vabatahtlikuna tööle, säilitatakse avaldus teie vabatahtliku toimikus.',
	'apply.consent_label': 'Nõustun, et minu avaldust ja selles olevaid andmeid töödeldakse.',
	'apply.honeypot': 'Jätke see väli tühjaks',
	'apply.submit': 'Saada avaldus',
	'apply.error.title': 'Avaldust ei saadetud',
	'apply.error.form_invalid': 'Palun parandage märgitud väljad.',
	'apply.error.required': 'See väli on kohustuslik.',
	'apply.error.email': 'Sisestage korrektne e-posti aadress, näiteks nimi@näide.ee.',
	'apply.error.phone':
		'Sisestage telefoninumber numbritega (võib sisaldada tühikuid, sidekriipse ja +).',
	'apply.error.contact_required': 'Andke e-posti aadress või telefoninumber.',
	'apply.error.too_long': 'Tekst on liiga pikk.',
	'apply.error.choice': 'Valige üks pakutud valikutest.',
	'apply.error.municipality': 'See vald või linn ei asu valitud maakonnas.',
	'apply.error.consent_required': 'Avalduse saatmiseks on vaja teie nõusolekut.',
	'apply.error.too_fast':
		'Avaldus saadeti liiga kiiresti või oli leht liiga kaua avatud. Palun kontrollige vastuseid ja saatke uuesti.',
	'apply.error.rate_limited':
		'Sellelt aadressilt on saadetud liiga palju avaldusi. Palun proovige tunni aja pärast uuesti.',
	'apply.thanks.title': 'Aitäh, teie avaldus on kätte saadud!',
	'apply.thanks.body':
		'Teie maakonna koordinaator võtab teiega ühendust, et leppida kokku vestlus. Tavaliselt juhtub see kahe nädala jooksul.',
	'apply.thanks.mail': 'Kui andsite e-posti aadressi, saatsime sinna ka kinnituse.',
	'apply.thanks.again': 'Saada veel üks avaldus',
	'apply.mail.subject': 'Teie avaldus vabatahtlikuks seltsiliseks on kätte saadud',
	'apply.mail.body':
		'Tere!\n\nTäname, et soovite hakata vabatahtlikuks seltsiliseks. Saime teie avalduse kätte {date}.\n\nTeie maakonna koordinaator võtab teiega ühendust, et leppida kokku vestlus.\n\nKui te avaldust ei saatnud, võite sellest kirjast mööda vaadata.\n\nSeltsiline — vabatahtlike seltsiliste teenus',
	'apply.notify.subject': 'Uus vabatahtliku avaldus ({county})',
	'apply.notify.body':
		'Tere!\n\nSaabunud on uus vabatahtliku avaldus: {county}.\n\nAvaldusi näete siin: {link}\n\nSeltsiline'
};

export const ru: Record<keyof typeof et, string> = {
	'apply.title': 'Станьте волонтёром-компаньоном',
	'apply.intro':
		'Волонтёр-компаньон навещает одинокого или нуждающегося в помощи человека там, где живёт сам: беседует, гуляет, сопровождает в магазин или к врачу. Заполните заявление, и координатор Вашего уезда свяжется с Вами.',
	'apply.language': 'Язык',
	'apply.lang.et': 'Eesti keeles',
	'apply.lang.ru': 'По-русски',
	'apply.lang.en': 'In English',
	'apply.required_note': 'Поля, отмеченные звёздочкой (*), обязательны.',
	'apply.optional': '(необязательно)',
	'apply.choose': 'Выберите …',
	'apply.section.contact': 'Ваши данные',
	'apply.first_name': 'Имя',
	'apply.last_name': 'Фамилия',
	'apply.contact_hint': 'Укажите адрес электронной почты или номер телефона (или и то, и другое).',
	'apply.email': 'Электронная почта',
	'apply.email_hint': 'На этот адрес мы отправим подтверждение получения заявления.',
	'apply.phone': 'Телефон',
	'apply.phone_hint': 'Например, +372 5123 4567.',
	'apply.county': 'Уезд',
	'apply.county_hint': 'Уезд, в котором Вы хотите быть волонтёром.',
	'apply.municipality': 'Волость или город',
	'apply.municipality_hint': 'Выберите волость или город в выбранном выше уезде.',
	'apply.settlement': 'Деревня, посёлок или район города',
	'apply.section.about': 'О Вас и Вашем желании помогать',
	'apply.motivation': 'Почему Вы хотите стать волонтёром-компаньоном?',
	'apply.q.experience': 'Есть ли у Вас опыт волонтёрской работы или помощи пожилым людям?',
	'apply.q.help_offered':
		'Какую помощь Вы хотели бы оказывать (общение, походы в магазин, подвоз, помощь с компьютером …)?',
	'apply.q.time_available':
		'Сколько у Вас есть времени и когда (например, раз в неделю по вечерам)?',
	'apply.q.languages': 'На каких языках Вы говорите?',
	'apply.q.heard_from': 'Откуда Вы узнали о волонтёрах-компаньонах?',
	'apply.heard_from.friend': 'От друга, знакомого или члена семьи',
	'apply.heard_from.newspaper_radio_tv': 'Из газеты, по радио или телевизору',
	'apply.heard_from.social_media': 'Из социальных сетей',
	'apply.heard_from.municipality': 'От волости, города или социального работника',
	'apply.heard_from.event': 'На мероприятии или информационном дне',
	'apply.heard_from.other': 'Из другого источника',
	'apply.section.referee': 'Рекомендатель',
	'apply.referee_intro':
		'Человек, который Вас знает и у которого координатор может спросить о Вас (не член семьи).',
	'apply.referee_name': 'Имя рекомендателя',
	'apply.referee_contact': 'Телефон или электронная почта рекомендателя',
	'apply.section.consent': 'Согласие',
	'apply.consent_text':
		'Ваше заявление читают только координатор Вашего уезда и администратор службы. Если Вас не выберут, заявление и заметки собеседования будут уничтожены. Если Вы начнёте работать волонтёром, заявление будет храниться в Вашем деле волонтёра.',
	'apply.consent_label': 'Я согласен(на) на обработку моего заявления и содержащихся в нём данных.',
	'apply.honeypot': 'Оставьте это поле пустым',
	'apply.submit': 'Отправить заявление',
	'apply.error.title': 'Заявление не отправлено',
	'apply.error.form_invalid': 'Пожалуйста, исправьте отмеченные поля.',
	'apply.error.required': 'Это поле обязательно.',
	'apply.error.email': 'Введите правильный адрес электронной почты, например imja@primer.ee.',
	'apply.error.phone': 'Введите номер телефона цифрами (можно с пробелами, дефисами и +).',
	'apply.error.contact_required': 'Укажите адрес электронной почты или номер телефона.',
	'apply.error.too_long': 'Текст слишком длинный.',
	'apply.error.choice': 'Выберите один из предложенных вариантов.',
	'apply.error.municipality': 'Эта волость или город не находится в выбранном уезде.',
	'apply.error.consent_required': 'Чтобы отправить заявление, нужно Ваше согласие.',
	'apply.error.too_fast':
		'Заявление было отправлено слишком быстро или страница была открыта слишком долго. Пожалуйста, проверьте ответы и отправьте ещё раз.',
	'apply.error.rate_limited':
		'С этого адреса отправлено слишком много заявлений. Пожалуйста, попробуйте ещё раз через час.',
	'apply.thanks.title': 'Спасибо, Ваше заявление получено!',
	'apply.thanks.body':
		'Координатор Вашего уезда свяжется с Вами, чтобы договориться о собеседовании. Обычно это происходит в течение двух недель.',
	'apply.thanks.mail':
		'Если Вы указали адрес электронной почты, мы отправили туда и подтверждение.',
	'apply.thanks.again': 'Отправить ещё одно заявление',
	'apply.mail.subject': 'Ваше заявление волонтёра-компаньона получено',
	'apply.mail.body':
		'Здравствуйте!\n\nСпасибо, что хотите стать волонтёром-компаньоном. Мы получили Ваше заявление {date}.\n\nКоординатор Вашего уезда свяжется с Вами, чтобы договориться о собеседовании.\n\nЕсли Вы не отправляли заявление, просто не обращайте внимания на это письмо.\n\nSeltsiline — служба волонтёров-компаньонов',
	'apply.notify.subject': 'Uus vabatahtliku avaldus ({county})',
	'apply.notify.body':
		'Tere!\n\nSaabunud on uus vabatahtliku avaldus: {county}.\n\nAvaldusi näete siin: {link}\n\nSeltsiline'
};

export const en: Record<keyof typeof et, string> = {
	'apply.title': 'Become a volunteer companion',
	'apply.intro':
		'A volunteer companion visits a lonely person or someone who needs help near where they live: to talk, to go for a walk, to come along to the shop or the doctor. Fill in the application and the coordinator of your county will contact you.',
	'apply.language': 'Language',
	'apply.lang.et': 'Eesti keeles',
	'apply.lang.ru': 'По-русски',
	'apply.lang.en': 'In English',
	'apply.required_note': 'Fields marked with an asterisk (*) are required.',
	'apply.optional': '(optional)',
	'apply.choose': 'Choose …',
	'apply.section.contact': 'Your details',
	'apply.first_name': 'First name',
	'apply.last_name': 'Last name',
	'apply.contact_hint': 'Give us an e-mail address or a phone number (or both).',
	'apply.email': 'E-mail',
	'apply.email_hint': 'We send a confirmation that your application arrived to this address.',
	'apply.phone': 'Phone',
	'apply.phone_hint': 'For example +372 5123 4567.',
	'apply.county': 'County',
	'apply.county_hint': 'The county where you would like to volunteer.',
	'apply.municipality': 'Municipality or town',
	'apply.municipality_hint': 'Choose one in the county chosen above.',
	'apply.settlement': 'Village, small town or district',
	'apply.section.about': 'About you and your wish to help',
	'apply.motivation': 'Why would you like to become a volunteer companion?',
	'apply.q.experience': 'Have you volunteered before, or helped older people?',
	'apply.q.help_offered':
		'What kind of help would you like to give (company, shopping, driving, help with computers …)?',
	'apply.q.time_available':
		'How much time do you have, and when (for example once a week, evenings)?',
	'apply.q.languages': 'Which languages do you speak?',
	'apply.q.heard_from': 'Where did you hear about volunteer companions?',
	'apply.heard_from.friend': 'From a friend, acquaintance or family member',
	'apply.heard_from.newspaper_radio_tv': 'From a newspaper, the radio or TV',
	'apply.heard_from.social_media': 'From social media',
	'apply.heard_from.municipality': 'From the municipality or a social worker',
	'apply.heard_from.event': 'At an event or information day',
	'apply.heard_from.other': 'Somewhere else',
	'apply.section.referee': 'Referee',
	'apply.referee_intro':
		'Someone who knows you and whom the coordinator may ask about you (not a family member).',
	'apply.referee_name': "Referee's name",
	'apply.referee_contact': "Referee's phone or e-mail",
	'apply.section.consent': 'Consent',
	'apply.consent_text':
		'Only the coordinator of your county and the administrator of the service read your application. If you are not selected, the application and the interview notes are destroyed. If you start as a volunteer, the application is kept in your volunteer file.',
	'apply.consent_label': 'I agree to my application and the data in it being processed.',
	'apply.honeypot': 'Leave this field empty',
	'apply.submit': 'Send the application',
	'apply.error.title': 'The application was not sent',
	'apply.error.form_invalid': 'Please correct the marked fields.',
	'apply.error.required': 'This field is required.',
	'apply.error.email': 'Enter a valid e-mail address, such as name@example.ee.',
	'apply.error.phone': 'Enter the phone number in digits (spaces, hyphens and + are fine).',
	'apply.error.contact_required': 'Give an e-mail address or a phone number.',
	'apply.error.too_long': 'The text is too long.',
	'apply.error.choice': 'Choose one of the options offered.',
	'apply.error.municipality': 'This municipality is not in the county chosen.',
	'apply.error.consent_required': 'Your consent is needed to send the application.',
	'apply.error.too_fast':
		'The application was sent too quickly, or the page was open for too long. Please check your answers and send it again.',
	'apply.error.rate_limited':
		'Too many applications have been sent from this address. Please try again in an hour.',
	'apply.thanks.title': 'Thank you, your application has arrived!',
	'apply.thanks.body':
		'The coordinator of your county will contact you to arrange an interview. This usually happens within two weeks.',
	'apply.thanks.mail': 'If you gave an e-mail address, we have sent a confirmation there too.',
	'apply.thanks.again': 'Send another application',
	'apply.mail.subject': 'Your application to become a volunteer companion has arrived',
	'apply.mail.body':
		'Hello!\n\nThank you for wishing to become a volunteer companion. We received your application on {date}.\n\nThe coordinator of your county will contact you to arrange an interview.\n\nIf you did not send an application, please ignore this message.\n\nSeltsiline — volunteer companion service',
	'apply.notify.subject': 'A new volunteer application ({county})',
	'apply.notify.body':
		'Hello!\n\nA new volunteer application has arrived: {county}.\n\nSee the applications here: {link}\n\nSeltsiline'
};

export type ApplyKey = keyof typeof et;
export type ApplyLocale = 'et' | 'ru' | 'en';

const dictionaries: Record<ApplyLocale, Record<ApplyKey, string>> = { et, ru, en };

/** Text of the public application form in the candidate's language. */
export function applyText(
	locale: ApplyLocale,
	key: ApplyKey | string,
	params?: Record<string, string | number>
): string {
	const dict = dictionaries[locale] as Record<string, string>;
	const text = dict[key] ?? (et as Record<string, string>)[key] ?? key;
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (_, name: string) =>
		params[name] === undefined ? `{${name}}` : String(params[name])
	);
}

/** All keys, for the test that every language has every text. */
export const APPLY_KEYS = Object.keys(et) as ApplyKey[];
