import { it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser, newSession, startApp } from './harness';
it('axe cost', async () => {
	const [app, browser] = await Promise.all([startApp({}), launchBrowser()]);
	const s = await newSession(browser, {});
	await s.page.goto(app.url + '/apply');
	const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
	for (let i = 0; i < 2; i++) {
		let t = Date.now();
		await new AxeBuilder({ page: s.page }).withTags(tags).analyze();
		const all = Date.now() - t;
		t = Date.now();
		await new AxeBuilder({ page: s.page }).withTags(tags).setLegacyMode(true).analyze();
		const noCc = Date.now() - t;
		t = Date.now();
		await new AxeBuilder({ page: s.page }).withRules(['color-contrast']).analyze();
		const onlyCc = Date.now() - t;
		t = Date.now();
		await new AxeBuilder({ page: s.page })
			.withRules(['html-has-lang'])
			.setLegacyMode(true)
			.analyze();
		const trivial = Date.now() - t;
		console.log('all', all, 'legacyAll', noCc, 'onlyCc', onlyCc, 'trivial', trivial);
	}
	await browser.close();
	await app.stop();
}, 120000);
