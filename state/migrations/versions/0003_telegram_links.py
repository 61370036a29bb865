"""telegram link codes (state/links.py)

Revision ID: 0003_telegram_links
Revises: 0001
Create Date: 2026-11-25 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003_telegram_links'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('linkcode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('transport', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('used_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('linked_member_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['member.id'], ),
    sa.ForeignKeyConstraint(['linked_member_id'], ['member.id'], ),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('linkcode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_linkcode_team_id'), ['team_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('linkcode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_linkcode_team_id'))

    op.drop_table('linkcode')
