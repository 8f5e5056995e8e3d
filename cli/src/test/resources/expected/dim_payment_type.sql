-- dim_payment_type: every payment type, the enum as text
select payment_type_id,
       payment_type_name::text as payment_type_name
from payment_type
