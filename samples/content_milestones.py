"""Actions delivered through several milestones, for the merged-cell and
borderless layouts: (milestone, timescale, lead, progress) per milestone.
Condensed from published council improvement plans, like ``content``."""
from __future__ import annotations

MILESTONE_GROUPS: list[dict] = [
    {"action": "Ensure thresholds within the MASH are being applied consistently and appropriately",
     "milestones": [
         ("Copies of the threshold document available on all desks within the MASH - COMPLETED", "31st March 2017", "Julian Cunningham", "Completed"),
         ("Deliver a training session with all staff in the MASH focusing on thresholds and consent, using real referrals as examples", "30th April 2017", "Julian Cunningham", "Half day workshop with staff to take place on 5th May 2017"),
         ("MASH Manager to have regular discussions with partner agencies in the MASH about thresholds", "5th May 2017", "Julian Cunningham", "The MASH Manager is meeting regularly with key partners. Two preparatory meetings set up with Police and Health"),
         ("Commission multi-agency audit of thresholds in the MASH", "31st July 2017", "Julian Cunningham\nDawn Williams", "Work in progress"),
     ]},
    {"action": "Produce a Performance Management Framework and a Data Quality Strategy",
     "milestones": [
         ("Performance Management Framework to be produced to include dashboards for frontline managers and schedules for reporting", "30th September 2017", "Helena Kucharczyk", "Draft framework and data quality plan presented to CYP Management Team in March 2017"),
         ("Data Quality Strategy to be produced and briefed to staff", "31st July 2017", "Helena Kucharczyk", "Strategy drafted; staff briefings booked"),
     ]},
    {"action": "Improve recording in relation to the date when a child is first seen",
     "milestones": [
         ("Review the single assessment form and build in a date that the child has been seen - COMPLETED", "31st March 2017", "Alison Hinds\nHelena Kucharczyk", "Form has been updated"),
         ("Establish a local performance indicator of 5 working days for time taken for children to be first seen", "31st May 2017", "Emma Bennett", "Local performance indicator agreed, report currently being developed"),
         ("Single Assessment Procedure to be updated and briefed to staff", "14th May 2017", "Louise Haughton\nJulian Cunningham", "Work in progress"),
     ]},
    {"action": "Ensure accurate and relevant information is regularly available to inform understanding of performance and quality in the MASH",
     "milestones": [
         ("Review MASH performance information against the MASH pathway and re-produce the reporting template", "31st May 2017", "Helena Kucharczyk", "This remains outstanding and was escalated to the MASH Strategic Board in April 2017"),
         ("Introduce a 12 month dip sampling schedule aligned with understanding of performance - COMPLETED", "30th April 2017", "Julian Cunningham", "Dip sampling schedule produced, informed by available performance information"),
     ]},
    {"action": "Embed the Neglect Strategy and Toolkit across the workforce",
     "milestones": [
         ("All staff trained on use of the toolkit - COMPLETE", "31st March 2017", "Louise Haughton", "Strategy and tool have been presented to all staff at social care team meetings"),
         ("Thematic audit of neglect across Children's Services to be commissioned", "30th September 2017", "Louise Haughton", "Advanced Practitioners have all had reflective practice sessions using the tool"),
         ("Self-assessment completed using the Joint Targeted Area Inspection neglect framework", "31st October 2017", "Heads of Service", "Criteria for the inspection focusing on neglect are being considered as a multi-agency self-assessment tool"),
     ]},
    {"action": "Ensure service user feedback is captured, analysed and used to inform service improvement",
     "milestones": [
         ("Advanced practitioner to meet with complaints, adoption, fostering and the participation officer to ensure feedback is incorporated into the QA framework", "30th September 2017", "Heads of Service\nLouise Haughton", "Service user feedback now an integral part of the audit process"),
         ("Review processes in individual service areas for collecting and analysing service user feedback", "30th September 2017", "Heads of Service", "Review started in fostering and adoption"),
         ("Ensure service user feedback is an integral part of the audit process - COMPLETE", "31st March 2017", "Louise Haughton", "Complete"),
     ]},
    {"action": "Ensure that there are robust and timely processes in the MASH for assessments and clear protocols for transfer into localities",
     "milestones": [
         ("Deliver the MASH Improvement Plan including working towards a family approach", "31st March 2018", "Julian Cunningham", "Final recruitment is continuing to fully establish the assessment team by 2nd May 2017"),
         ("Ensure sufficient capacity is in place in the MASH to undertake all initial assessments", "30th April 2017", "Julian Cunningham\nRachel Warrender", "Procedures for assessment - work in progress"),
         ("Develop transfer protocol for cases from the MASH into localities", "30th April 2017", "Julian Cunningham", "Transfer Protocol has been drafted and is awaiting sign-off by CYP Management Team in May 2017"),
         ("Review all unallocated cases - COMPLETED", "28th February 2017", "Julian Cunningham", "Cases allocated to unit managers are regularly reviewed and prioritised for visits by the duty worker"),
     ]},
    {"action": "Develop the Inclusion Support training offer for the CYP workforce, schools and trading externally",
     "milestones": [
         ("Undertake review of existing training offer and identify associated workforce development needs", "September 2017", "Rob Hart", "Action due to commence May 2017"),
         ("Produce brochure of training offer and schedule of training events for 2018/19", "December 2017", "Rob Hart", "Not yet started"),
         ("Develop performance framework and stakeholder group to monitor progress and development", "March 2018", "Rob Hart", "Not yet started"),
     ]},
    {"action": "Reduce the number of exclusions",
     "milestones": [
         ("Action plan produced - COMPLETED", "30th September 2017", "Rachel King\nRob Hart", "Briefing note presented to Education Board on 31st March 2017 with proposed action plan"),
         ("Implementation Group to be established to oversee the delivery of the action plan", "31st May 2017", "Rob Hart", "Implementation Group currently being established and dates being scheduled"),
         ("Reduction in exclusions", "31st July 2018", "Rob Hart", "Termly exclusion data reported to Education Board"),
     ]},
    {"action": "Continue to lead on the development of the Regional Adoption Agency",
     "milestones": [
         ("Cabinet to approve establishment of the RAA", "30th June 2017", "Emma Bennett", "Monthly steering group meeting bringing together Black Country Assistant Directors - on track"),
         ("Cabinet to approve detailed service specification for the RAA", "31st October 2017", "Emma Bennett", "Specification drafted"),
         ("RAA go live", "31st July 2018", "Emma Bennett", "On track"),
     ]},
    {"action": "To review the impact of the team around the family process",
     "milestones": [
         ("Review taken place", "30th September 2017", "Andrew Wolverson", "Review report to CYP Management Team on 8th May 2017 in order to inform action plan"),
         ("Action plan produced to respond to review findings", "30th September 2017", "Andrew Wolverson", "Not yet started"),
     ]},
    {"action": "Embed the targeted early help offer and strengthen knowledge and understanding of local needs to assist in identifying families who require targeted early help",
     "milestones": [
         ("Production of local area profiles", "30th June 2017", "Andrew Wolverson", "Work has commenced on the production of local area profiles and content agreed"),
         ("Production of local action plan for each area", "30th September 2017", "Andrew Wolverson", "Locality conferences being delivered 3 times per year"),
     ]},
    {"action": "Improve universal contact with families through integration of a range of partner agencies",
     "milestones": [
         ("Implementation of re-commissioned service for the healthy child programme", "31st August 2017", "Andrew Wolverson", "Fortnightly meetings taking place with preferred bidder to agree service delivery model"),
         ("Increased use of Early Help Assessments by partner agencies", "31st March 2018", "Andrew Wolverson", "Multi-agency Service Champions trained in the use of Eclipse; monthly locality surgeries delivered"),
     ]},
    {"action": "To embed the use of the outcome star assessment in order to evidence distance travelled and outcomes for families",
     "milestones": [
         ("Increase in the number of outcome star assessments completed", "31st March 2018", "Andrew Wolverson", "Re-issued expectations in terms of recording and pathways - which star to use at what point"),
         ("Evidence of distance travelled", "31st March 2018", "Andrew Wolverson", "Audits demonstrating an increase in the use of the star"),
     ]},
    {"action": "Ensure the information gathered via missing return interviews is shared effectively to contribute to casework planning and risk management plans",
     "milestones": [
         ("Missing return interviews completed on time", "31st March 2018", "Rachel King", "The draft Missing from Home and Care Action Plan was signed off by CYP Management Team on 6th April 2017"),
         ("Reduction in repeat missing incidents for first time missing children", "31st March 2018", "Rachel King", "Agreed to dip sample a small number of missing young people's interventions to assess quality and impact"),
     ]},
    {"action": "Extending the use of family group conferencing (FGC)",
     "milestones": [
         ("Development plan for FGC produced", "30th April 2017", "Rachel King", "A draft paper has been written outlining how Family Group Conferencing might be developed"),
         ("Increased take-up of FGC to maximise available resources", "31st March 2018", "Rachel King", "Work is required with the Insight and Intelligence team to include data to inform local development"),
         ("Extended use of FGC for targeted cohorts", "31st March 2018", "Rachel King", "Not yet started"),
     ]},
    {"action": "Ensure that when children are placed with family and friends, social workers are clear about what actions must be completed to assess and formalise those arrangements",
     "milestones": [
         ("Review permanency policy including the development of a flowchart to inform decision making", "31st May 2017", "Rachel Warrender\nLouise Haughton", "Meeting took place on 27th April to review and update the policy. Will be finalised by the end of May 2017"),
         ("Audit of all child protection cases where children are not living with their parents", "31st May 2017", "Julian Cunningham", "Audit is currently underway and will be completed by 28th April 2017"),
     ]},
    {"action": "Increase the number of Special Guardianship Orders",
     "milestones": [
         ("Increase in the number of SGOs through the delivery of the SGO Action Plan", "31st March 2018", "Alison Hinds", "Long term placements are being formally reviewed and tracked"),
         ("Family and Friends training for all managers on the SGO process", "30th September 2017", "Alison Hinds", "Training dates secured"),
     ]},
    {"action": "Undertake a review of services for children and young people who display sexually harmful behaviour",
     "milestones": [
         ("Review completed", "30th September 2017", "Rob Hart", "Task and finish group has been established"),
         ("Action plan produced", "30th September 2017", "Rob Hart", "CCG are commissioning a consultant to develop training; audit under way using the NSPCC audit tool"),
     ]},
    {"action": "Strengthen advocacy arrangements so that children and their parents are enabled to make a meaningful contribution to child protection processes and reviews",
     "milestones": [
         ("CiN/CP and LAC Management Teams to receive regular reports", "30th June 2017", "Julian Cunningham\nAlison Hinds", "Process has been changed and is now embedded in a document so that it can be recorded and reported on"),
         ("Ensure all staff are aware of the revised process for recording - COMPLETE", "31st March 2017", "Alison Hinds", "Report and action plan presented to CYP Management Team on 21st April 2017"),
         ("Review current contracts for provision of advocacy services to ensure that they respond to local need", "30th June 2017", "Alison Hinds", "Quarterly updates to be presented to CYP Management Team"),
     ]},
]
