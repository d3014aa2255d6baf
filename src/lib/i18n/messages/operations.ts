/** The service's own operation (issue 21): what a request is told while the server stops. */
export const et = {
	'operations.shutting_down':
		'Seltsiline taaskäivitub. Teie päringut ei töödeldud: proovige mõne sekundi pärast uuesti.'
};

export const ru: Record<keyof typeof et, string> = {
	'operations.shutting_down':
		'Seltsiline перезапускается. Ваш запрос не был обработан: повторите попытку через несколько секунд.'
};

export const en: Record<keyof typeof et, string> = {
	'operations.shutting_down':
		'Seltsiline is restarting. Your request was not processed: please try again in a few seconds.'
};
