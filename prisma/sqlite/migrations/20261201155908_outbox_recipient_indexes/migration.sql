-- CreateIndex
CREATE INDEX "Outbox_channel_recipient_idx" ON "Outbox"("channel", "recipient");

-- CreateIndex
CREATE INDEX "Outbox_contactId_idx" ON "Outbox"("contactId");

-- CreateIndex
CREATE INDEX "LinkCode_contactId_idx" ON "LinkCode"("contactId");

