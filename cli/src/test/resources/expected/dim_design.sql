-- dim_design: every design
select design_id,
       design_name,
       file_location,
       file_name
from design
