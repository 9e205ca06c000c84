#pragma once
// Setters for the texts a widget re-applies on QEvent::LanguageChange (its retranslateUi()) where Qt has no
// one-call setter: they rename in place, so selections and values stay.
#include <QStringList>

class QComboBox;
class QFormLayout;

// Renames the items in order; the current item (and every item's data) stays.
void setItemTexts(QComboBox* box, const QStringList& texts);

// Names the label of each of a form's rows, in row order; a row without a QLabel label is passed over, and
// its text with it.
void setRowLabels(QFormLayout* form, const QStringList& texts);
