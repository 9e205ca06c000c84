#pragma once
// The interface language: which one the settings (or the system) ask for, and switching the installed
// translators while the program runs. Installing or removing a translator makes Qt send
// QEvent::LanguageChange to every widget, and each widget re-applies its texts in its changeEvent
// (retranslateUi()).
#include <QString>

// The interface language: the stored setting (en, zh_CN or de: "ui/language", which the settings dialog
// writes, or "language") when it names one of those, else (also for "", the dialog's "System language") the
// first of the system's UI languages that is one of those, else English.
QString interfaceLanguage();

// Replaces the translators an earlier call installed (none at start) by those of `language` (en, zh_CN or
// de): the program's own (compiled in as :/i18n/aicl_studio_<language>.qm; the English one carries the plural
// forms) and Qt's (qtbase_<language>.qm, Debian's qt6-translations-l10n) when it is installed. The
// translators are children of the application. The language already installed changes nothing. Needs a
// QCoreApplication.
void switchLanguage(const QString& language);

// The language the last switchLanguage() installed; empty before the first.
QString currentLanguage();
