#include "text_setters.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

void setItemTexts(QComboBox* box, const QStringList& texts) {
  for (int i = 0; i < texts.size() && i < box->count(); ++i) box->setItemText(i, texts[i]);
}

void setRowLabels(QFormLayout* form, const QStringList& texts) {
  for (int row = 0; row < texts.size() && row < form->rowCount(); ++row) {
    QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole);
    if (auto* label = item ? qobject_cast<QLabel*>(item->widget()) : nullptr) label->setText(texts[row]);
  }
}
