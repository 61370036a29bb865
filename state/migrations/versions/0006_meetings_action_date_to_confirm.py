"""an action agreed in a meeting may carry a proposed date still to confirm (issue 18, item 3)

Revision ID: 0006_meetings_action_date
Revises: 0003_telegram_links
Create Date: 2026-12-02 05:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_meetings_action_date'
down_revision = '0005_drafts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action') as batch:
        batch.add_column(sa.Column('date_to_confirm', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('action') as batch:
        batch.drop_column('date_to_confirm')
