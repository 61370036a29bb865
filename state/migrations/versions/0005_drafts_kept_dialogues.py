"""drafts: complete but unconfirmed dialogues kept after a timeout or an interruption (state/drafts.py)

Revision ID: 0005_drafts
Revises: 0003_telegram_links
Create Date: 2026-12-02 05:15:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005_drafts'
down_revision = '0003_telegram_links'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('transport', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('room_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('thread_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dialogue', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_draft_team_id'), 'draft', ['team_id'], unique=False)
    op.create_index(op.f('ix_draft_user_id'), 'draft', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_draft_user_id'), table_name='draft')
    op.drop_index(op.f('ix_draft_team_id'), table_name='draft')
    op.drop_table('draft')
