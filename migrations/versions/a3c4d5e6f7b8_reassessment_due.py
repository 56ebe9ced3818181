"""wharves flagged as due for reassessment (the `reassessment` duty)

Revision ID: a3c4d5e6f7b8
Revises: f2b3c4d5e6a7
Create Date: 2026-12-08 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c4d5e6f7b8'
down_revision = 'f2b3c4d5e6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reassessment_due',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('wharf_id', sa.Integer(), nullable=False),
        sa.Column('last_assessed_on', sa.Date(), nullable=True),
        sa.Column('due_since', sa.Date(), nullable=False),
        sa.Column('flagged_on', sa.Date(), nullable=False),
        sa.Column('cleared_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['wharf_id'], ['wharves.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('uq_reassessment_due_open', 'reassessment_due', ['wharf_id'], unique=True,
                    sqlite_where=sa.text('cleared_on IS NULL'), postgresql_where=sa.text('cleared_on IS NULL'))


def downgrade():
    op.drop_index('uq_reassessment_due_open', table_name='reassessment_due')
    op.drop_table('reassessment_due')
